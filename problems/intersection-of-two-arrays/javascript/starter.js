/**
 * Return the values present in both nums1 and nums2, each exactly once, in any order.
 * @param {number[]} nums1 integers, possibly empty
 * @param {number[]} nums2 integers, possibly empty
 * @return {number[]}
 */
function intersection(nums1, nums2) {
  return [];
}
