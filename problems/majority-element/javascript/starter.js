/**
 * Return the value that occurs more than nums.length / 2 times in nums.
 * @param {number[]} nums a non-empty array of integers that always has such a value
 * @return {number}
 */
function majorityElement(nums) {
  return 0;
}
