def two_sum(nums, target):
    """Return the indices [i, j] (i != j, either order) with nums[i] + nums[j] == target.

    nums: a list of at least two integers.
    target: an integer; exactly one pair of indices adds up to it.
    """
    pass
