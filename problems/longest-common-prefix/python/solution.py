def longest_common_prefix(strs):
    # The common prefix of all strings is the common prefix of the
    # lexicographically smallest and largest ones.
    lo, hi = min(strs), max(strs)
    i = 0
    while i < len(lo) and lo[i] == hi[i]:
        i += 1
    return lo[:i]
