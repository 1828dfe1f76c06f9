function topKFrequent(nums, k) {
  const counts = new Map();
  for (const x of nums) counts.set(x, (counts.get(x) || 0) + 1);
  const buckets = Array.from({ length: nums.length + 1 }, () => []); // buckets[c]: values seen c times
  for (const [value, count] of counts) buckets[count].push(value);
  const result = [];
  for (let count = nums.length; count > 0 && result.length < k; count--) {
    for (const value of buckets[count]) result.push(value);
  }
  return result.slice(0, k);
}
