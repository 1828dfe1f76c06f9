/**
 * Return the longest string that every string in strs starts with ("" if there is none).
 * @param {string[]} strs a non-empty array of lowercase strings
 * @return {string}
 */
function longestCommonPrefix(strs) {
  return "";
}
