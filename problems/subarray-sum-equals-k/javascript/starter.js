/**
 * Return how many non-empty subarrays (runs of adjacent elements) of nums sum to exactly k.
 * @param {number[]} nums a non-empty array of integers (may be negative or zero)
 * @param {number} k an integer (may be negative or zero)
 * @return {number}
 */
function subarraySum(nums, k) {
  return 0;
}
