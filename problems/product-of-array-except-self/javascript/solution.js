// Math.imul multiplies modulo 2^32, like Java's int: a prefix product may overflow, but every
// answer fits in 32 bits, so the wrapped result is still exact.
function productExceptSelf(nums) {
  const n = nums.length;
  const answer = new Array(n);
  let left = 1;
  for (let i = 0; i < n; i++) {
    answer[i] = left; // product of nums[0..i)
    left = Math.imul(left, nums[i]);
  }
  let right = 1;
  for (let i = n - 1; i >= 0; i--) {
    answer[i] = Math.imul(answer[i], right); // times the product of nums(i..n)
    right = Math.imul(right, nums[i]);
  }
  return answer;
}
