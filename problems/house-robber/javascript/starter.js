/**
 * Return the largest sum of nums[i] over a set of indices with no two adjacent.
 * @param {number[]} nums a non-empty array of up to 10^5 integers between 0 and 10^4
 * @return {number}
 */
function rob(nums) {
  return 0;
}
