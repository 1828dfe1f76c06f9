/**
 * Return the first numRows rows of Pascal's triangle, top row first.
 * @param {number} numRows an integer, 1 <= numRows <= 30
 * @return {number[][]} row i has i + 1 entries
 */
function generate(numRows) {
  return [];
}
