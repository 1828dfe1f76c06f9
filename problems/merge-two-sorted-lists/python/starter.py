def merge_two_lists(list1, list2):
    """Merge two sorted linked lists into one sorted list.

    list1, list2: the first ListNode of each list (None if a list is empty),
    each sorted in non-decreasing order.
    Returns the first ListNode of the merged list (None if both are empty).
    """
    pass
