def search(nums, target):
    """Return the index of target in nums, or -1 if it is absent.

    nums: distinct integers sorted in increasing order (non-empty).
    target: the integer to look for.
    Aim for O(log n).
    """
    return -1
