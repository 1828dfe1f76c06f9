/**
 * Return the length of the longest substring of s (contiguous) in which no character repeats.
 * @param {string} s printable ASCII, possibly empty
 * @return {number}
 */
function lengthOfLongestSubstring(s) {
  return 0;
}
