function missingNumber(nums) {
  // XOR of every index, every value and n leaves only the missing value.
  let acc = nums.length;
  for (let i = 0; i < nums.length; i++) acc ^= i ^ nums[i];
  return acc;
}
