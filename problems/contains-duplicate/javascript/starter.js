/**
 * Return true if some value occurs more than once in nums, else false.
 * @param {number[]} nums integers, possibly empty
 * @return {boolean}
 */
function containsDuplicate(nums) {
  return false;
}
