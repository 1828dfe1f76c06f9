/**
 * Return the most water two walls can hold: the maximum over i < j of
 * min(height[i], height[j]) * (j - i).
 * @param {number[]} height at least two non-negative wall heights
 * @return {number}
 */
function maxArea(height) {
  return 0;
}
