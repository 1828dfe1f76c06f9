/**
 * Return the k most frequent values of nums, each once, in any order.
 * @param {number[]} nums a non-empty array of integers
 * @param {number} k between 1 and the number of distinct values; the answer is unique
 * @return {number[]}
 */
function topKFrequent(nums, k) {
  return [];
}
