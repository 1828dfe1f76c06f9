def max_area(height):
    lo, hi = 0, len(height) - 1
    best = 0
    while lo < hi:
        if height[lo] < height[hi]:
            best = max(best, height[lo] * (hi - lo))
            lo += 1  # the shorter wall cannot do better with any closer partner
        else:
            best = max(best, height[hi] * (hi - lo))
            hi -= 1
    return best
