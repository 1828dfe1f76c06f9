/**
 * Return every distinct triplet [a, b, c] of values at three different indices of nums with
 * a + b + c === 0, each triplet once, in any order.
 * @param {number[]} nums integers, possibly empty
 * @return {number[][]}
 */
function threeSum(nums) {
  return [];
}
