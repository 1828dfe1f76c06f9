function longestConsecutive(nums) {
  const values = new Set(nums);
  let best = 0;
  for (const x of values) {
    if (values.has(x - 1)) continue; // x is not the start of its run
    let end = x + 1;
    while (values.has(end)) end++;
    best = Math.max(best, end - x);
  }
  return best;
}
