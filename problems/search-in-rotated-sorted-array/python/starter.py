def search(nums, target):
    """Return the index of target in nums, or -1 if it is absent.

    nums: distinct integers, sorted in increasing order and then rotated by an
    unknown amount (non-empty).
    Aim for O(log n).
    """
    return -1
