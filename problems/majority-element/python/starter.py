def majority_element(nums):
    """Return the value that occurs more than len(nums) / 2 times in nums.

    nums: a non-empty list of integers that always has such a value.
    """
    pass
