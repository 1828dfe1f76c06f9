/**
 * Return the number of down/right routes from the top-left to the bottom-right cell of an
 * m x n grid.
 * @param {number} m number of rows, 1..100
 * @param {number} n number of columns, 1..100
 * @return {number} the count (at most 2 * 10^9)
 */
function uniquePaths(m, n) {
  return 0;
}
