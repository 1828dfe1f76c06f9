def remove_nth_from_end(head, n):
    """Remove the n-th node from the end of a linked list.

    head: the first ListNode of a non-empty list.
    n: position counted from the end (1 = last node), 1 <= n <= length.
    Returns the first ListNode of the resulting list (None if it became empty).
    """
    pass
