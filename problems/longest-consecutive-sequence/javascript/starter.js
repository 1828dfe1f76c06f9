/**
 * Return the length of the longest run of consecutive integers that all occur in nums
 * (0 for an empty array).
 * @param {number[]} nums unsorted integers, possibly empty, possibly with repeats
 * @return {number}
 */
function longestConsecutive(nums) {
  return 0;
}
