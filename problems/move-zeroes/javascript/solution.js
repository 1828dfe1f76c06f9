function moveZeroes(nums) {
  let write = 0; // nums[0..write) holds the non-zero values seen so far, in order
  for (let read = 0; read < nums.length; read++) {
    if (nums[read] !== 0) {
      const value = nums[read];
      nums[read] = nums[write];
      nums[write] = value;
      write++;
    }
  }
  return nums;
}
