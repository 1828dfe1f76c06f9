def three_sum(nums):
    """Return every distinct triplet [a, b, c] of values at three different
    indices of nums with a + b + c == 0, each triplet once, in any order.

    nums: a list of integers (possibly empty); do not rely on its order.
    """
    pass
