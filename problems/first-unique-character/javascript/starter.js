/**
 * Return the index of the first character of s that occurs exactly once, or -1 if there is none.
 * @param {string} s a non-empty string of lowercase English letters
 * @return {number}
 */
function firstUniqueChar(s) {
  return -1;
}
