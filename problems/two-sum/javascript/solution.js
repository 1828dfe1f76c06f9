function twoSum(nums, target) {
  const seen = new Map(); // value -> index where it was first seen
  for (let i = 0; i < nums.length; i++) {
    const j = seen.get(target - nums[i]);
    if (j !== undefined) return [j, i];
    if (!seen.has(nums[i])) seen.set(nums[i], i);
  }
  return [];
}
