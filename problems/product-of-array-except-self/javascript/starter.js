/**
 * Return an array whose i-th entry is the product of every element of nums except nums[i],
 * computed without division.
 * @param {number[]} nums at least two integers between -30 and 30
 * @return {number[]}
 */
function productExceptSelf(nums) {
  return [];
}
