def max_sub_array(nums):
    """Return the largest sum of a contiguous, non-empty subarray of nums.

    nums: a non-empty list of integers, each between -10^4 and 10^4.
    Returns an int.
    """
    pass
