/**
 * Group the words of strs so that each group holds exactly the words that are anagrams of
 * one another. Any order of groups, and of words within a group, is accepted.
 * @param {string[]} strs a non-empty array of lowercase words (may be empty or repeated)
 * @return {string[][]}
 */
function groupAnagrams(strs) {
  return [];
}
