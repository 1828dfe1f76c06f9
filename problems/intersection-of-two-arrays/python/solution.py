def intersection(nums1, nums2):
    remaining = set(nums1)
    result = []
    for x in nums2:
        if x in remaining:
            remaining.remove(x)
            result.append(x)
    return result
