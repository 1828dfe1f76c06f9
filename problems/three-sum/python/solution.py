def three_sum(nums):
    nums = sorted(nums)
    n = len(nums)
    result = []
    for i in range(n - 2):
        first = nums[i]
        if first > 0:
            break  # the two values after it are at least as large
        if i > 0 and first == nums[i - 1]:
            continue
        lo, hi = i + 1, n - 1
        while lo < hi:
            total = first + nums[lo] + nums[hi]
            if total < 0:
                lo += 1
            elif total > 0:
                hi -= 1
            else:
                result.append([first, nums[lo], nums[hi]])
                lo += 1
                hi -= 1
                while lo < hi and nums[lo] == nums[lo - 1]:
                    lo += 1
    return result
