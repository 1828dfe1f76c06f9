def two_sum(nums, target):
    seen = {}  # value -> index where it was first seen
    for i, x in enumerate(nums):
        j = seen.get(target - x)
        if j is not None:
            return [j, i]
        seen.setdefault(x, i)
    return []
