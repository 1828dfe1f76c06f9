def middle_node(head):
    """Return the middle node of a non-empty linked list (the second middle
    node when the length is even).

    head: the first ListNode of the list (never None).
    Returns the middle ListNode.
    """
    pass
