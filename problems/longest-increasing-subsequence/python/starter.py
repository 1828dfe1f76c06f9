def length_of_lis(nums):
    """Return the length of the longest strictly increasing subsequence of nums.

    nums: a non-empty list of ints (up to 10^5 of them, each between -10^9 and 10^9).
    Returns an int.
    """
    pass
