/**
 * Return the minimum total cost to reach the top of the staircase. Stepping off step i costs
 * cost[i], then you move up 1 or 2 steps. You may start on step 0 or step 1; the top is index
 * cost.length.
 * @param {number[]} cost at least 2 integers between 0 and 999
 * @return {number}
 */
function minCostClimbingStairs(cost) {
  return 0;
}
