/**
 * Return the value in 0..nums.length that is absent from nums.
 * @param {number[]} nums distinct integers, each between 0 and nums.length
 * @return {number}
 */
function missingNumber(nums) {
  return 0;
}
