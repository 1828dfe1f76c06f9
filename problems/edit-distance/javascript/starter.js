/**
 * Return the minimum number of single-character insertions, deletions and replacements that
 * turn word1 into word2.
 * @param {string} word1 lowercase English letters, 0 to 1000 long
 * @param {string} word2 lowercase English letters, 0 to 1000 long
 * @return {number}
 */
function minDistance(word1, word2) {
  return 0;
}
