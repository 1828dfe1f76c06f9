def add_two_numbers(l1, l2):
    """Add two numbers stored as digit lists, least significant digit first.

    l1, l2: the first ListNode of each non-empty list of digits (0-9).
    Returns the first ListNode of the digit list of the sum.
    """
    pass
