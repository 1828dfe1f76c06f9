function intersection(nums1, nums2) {
  const remaining = new Set(nums1);
  const result = [];
  for (const x of nums2) {
    if (remaining.delete(x)) result.push(x);
  }
  return result;
}
