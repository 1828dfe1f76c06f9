def intersection(nums1, nums2):
    """Return the values present in both nums1 and nums2, each exactly once, in any order.

    nums1, nums2: lists of integers (either may be empty).
    """
    pass
