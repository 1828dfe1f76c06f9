def find_min(nums):
    """Return the smallest value in nums.

    nums: distinct integers, sorted in increasing order and then rotated by an
    unknown amount (non-empty).
    Aim for O(log n).
    """
    return 0
