def missing_number(nums):
    """Return the value in 0..len(nums) that is absent from nums.

    nums: a non-empty list of distinct integers, each between 0 and len(nums).
    """
    pass
