/**
 * Return the smallest value in nums. Aim for O(log n).
 * @param {number[]} nums distinct integers, sorted increasingly and then rotated (non-empty)
 * @return {number}
 */
function findMin(nums) {
  return 0;
}
