/**
 * Return the number of distinct ways to reach step n using moves of 1 or 2 steps.
 * @param {number} n an integer, 1 <= n <= 45
 * @return {number} the count (always fits in 32 bits)
 */
function climbStairs(n) {
  return 0;
}
