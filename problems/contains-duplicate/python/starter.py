def contains_duplicate(nums):
    """Return True if some value occurs more than once in nums, else False.

    nums: a list of integers (possibly empty).
    """
    pass
