/**
 * Return the number of islands in grid. Land cells connect horizontally and vertically.
 * @param {string[][]} grid m rows of n one-character strings, "1" (land) or "0" (water)
 * @return {number}
 */
function numIslands(grid) {
  return 0;
}
