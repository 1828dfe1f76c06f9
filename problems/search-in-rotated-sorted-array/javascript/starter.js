/**
 * Return the index of target in nums, or -1 if it is absent. Aim for O(log n).
 * @param {number[]} nums distinct integers, sorted increasingly and then rotated (non-empty)
 * @param {number} target the integer to look for
 * @return {number}
 */
function search(nums, target) {
  return -1;
}
