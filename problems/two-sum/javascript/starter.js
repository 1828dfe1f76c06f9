/**
 * Return the indices [i, j] (i !== j, either order) with nums[i] + nums[j] === target.
 * @param {number[]} nums at least two integers
 * @param {number} target exactly one pair of indices adds up to it
 * @return {number[]}
 */
function twoSum(nums, target) {
  return [];
}
