def rob(nums):
    """Return the largest sum of nums[i] over a set of indices with no two adjacent.

    nums: a non-empty list of ints, each between 0 and 10^4 (up to 10^5 of them).
    Returns an int.
    """
    pass
