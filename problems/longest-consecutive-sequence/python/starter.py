def longest_consecutive(nums):
    """Return the length of the longest run of consecutive integers that all
    occur in nums (0 for an empty list).

    nums: an unsorted list of integers, possibly empty, possibly with repeats.
    """
    pass
