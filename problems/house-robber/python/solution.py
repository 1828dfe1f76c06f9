def rob(nums):
    # without_prev: best total if the previous house was skipped; with_prev: if it was taken.
    without_prev, with_prev = 0, 0
    for amount in nums:
        without_prev, with_prev = max(without_prev, with_prev), without_prev + amount
    return max(without_prev, with_prev)
