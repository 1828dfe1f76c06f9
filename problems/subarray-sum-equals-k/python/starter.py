def subarray_sum(nums, k):
    """Return how many non-empty subarrays (runs of adjacent elements) of nums
    sum to exactly k.

    nums: a non-empty list of integers (may be negative or zero).
    k: an integer (may be negative or zero).
    """
    pass
