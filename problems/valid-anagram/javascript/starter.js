/**
 * Return true if t is an anagram of s (same letters, same counts).
 * @param {string} s lowercase English letters, possibly empty
 * @param {string} t lowercase English letters, possibly empty
 * @return {boolean}
 */
function isAnagram(s, t) {
  return false;
}
