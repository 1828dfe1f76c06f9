def reverse_list(head):
    """Reverse a singly linked list.

    head: the first ListNode of the list, or None if the list is empty.
    Returns the first ListNode of the reversed list (None for an empty list).
    """
    pass
