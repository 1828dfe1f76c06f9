function threeSum(nums) {
  const sorted = Int32Array.from(nums).sort();
  const n = sorted.length;
  const result = [];
  for (let i = 0; i < n - 2; i++) {
    const first = sorted[i];
    if (first > 0) break; // the two values after it are at least as large
    if (i > 0 && first === sorted[i - 1]) continue;
    let lo = i + 1;
    let hi = n - 1;
    while (lo < hi) {
      const total = first + sorted[lo] + sorted[hi];
      if (total < 0) {
        lo++;
      } else if (total > 0) {
        hi--;
      } else {
        result.push([first, sorted[lo], sorted[hi]]);
        lo++;
        hi--;
        while (lo < hi && sorted[lo] === sorted[lo - 1]) lo++;
      }
    }
  }
  return result;
}
