/**
 * Move every 0 in nums to the end, keeping the order of the non-zero values.
 * Rearrange nums in place (O(1) extra space) and return it.
 * @param {number[]} nums a non-empty array of integers
 * @return {number[]} nums itself after the rearrangement
 */
function moveZeroes(nums) {
  return [];
}
