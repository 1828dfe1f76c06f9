/**
 * Return the image after bucket-filling from pixel (sr, sc) with color. Every pixel
 * 4-directionally connected to (sr, sc) through pixels of the start's original color is
 * repainted.
 * @param {number[][]} image m rows of n pixel colors
 * @param {number} sr row of the starting pixel
 * @param {number} sc column of the starting pixel
 * @param {number} color the new color
 * @return {number[][]} the resulting grid
 */
function floodFill(image, sr, sc, color) {
  return [];
}
