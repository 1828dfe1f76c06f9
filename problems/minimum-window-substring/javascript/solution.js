function minWindow(s, t) {
  const need = new Map();
  for (const ch of t) need.set(ch, (need.get(ch) || 0) + 1);
  let missing = t.length; // characters of t not yet covered by the window
  let bestStart = 0;
  let bestLen = Infinity;
  let left = 0;
  for (let right = 0; right < s.length; right++) {
    const ch = s[right];
    const n = need.get(ch) || 0;
    if (n > 0) missing--;
    need.set(ch, n - 1);
    if (missing === 0) {
      // Shrink from the left while the window still covers t.
      while (need.get(s[left]) < 0) {
        need.set(s[left], need.get(s[left]) + 1);
        left++;
      }
      if (right - left + 1 < bestLen) {
        bestStart = left;
        bestLen = right - left + 1;
      }
      // Give up the leftmost needed character and keep looking.
      need.set(s[left], need.get(s[left]) + 1);
      missing++;
      left++;
    }
  }
  return bestLen === Infinity ? '' : s.slice(bestStart, bestStart + bestLen);
}
