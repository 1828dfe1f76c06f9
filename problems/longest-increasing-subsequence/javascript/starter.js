/**
 * Return the length of the longest strictly increasing subsequence of nums.
 * @param {number[]} nums a non-empty array of up to 10^5 integers between -10^9 and 10^9
 * @return {number}
 */
function lengthOfLis(nums) {
  return 0;
}
