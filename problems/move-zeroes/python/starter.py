def move_zeroes(nums):
    """Move every 0 in nums to the end, keeping the order of the non-zero values.

    nums: a non-empty list of integers; rearrange it in place (O(1) extra space).
    Returns nums itself after the rearrangement.
    """
    pass
