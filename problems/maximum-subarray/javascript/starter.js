/**
 * Return the largest sum of a contiguous, non-empty subarray of nums.
 * @param {number[]} nums a non-empty array of integers between -10^4 and 10^4
 * @return {number}
 */
function maxSubArray(nums) {
  return 0;
}
