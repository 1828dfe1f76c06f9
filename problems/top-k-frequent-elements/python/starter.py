def top_k_frequent(nums, k):
    """Return the k most frequent values of nums, each once, in any order.

    nums: a non-empty list of integers.
    k: between 1 and the number of distinct values; the answer is unique.
    """
    pass
