function lengthOfLis(nums) {
  // tails[k] is the smallest possible last value of a strictly increasing subsequence of
  // length k + 1 seen so far; it stays sorted, so each number is placed by binary search.
  const tails = [];
  for (const x of nums) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}
