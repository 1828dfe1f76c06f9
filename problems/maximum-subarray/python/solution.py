def max_sub_array(nums):
    best = ending_here = nums[0]
    for x in nums[1:]:
        # Either extend the best run ending at the previous index or start a new run at x.
        ending_here = max(x, ending_here + x)
        best = max(best, ending_here)
    return best
