def longest_consecutive(nums):
    values = set(nums)
    best = 0
    for x in values:
        if x - 1 in values:
            continue  # x is not the start of its run
        end = x + 1
        while end in values:
            end += 1
        best = max(best, end - x)
    return best
