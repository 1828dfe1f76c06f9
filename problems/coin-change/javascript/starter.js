/**
 * Return the fewest coins that add up to exactly amount, or -1 if impossible.
 * @param {number[]} coins a non-empty array of positive denominations (unlimited supply)
 * @param {number} amount an integer, 0 <= amount <= 10^4
 * @return {number}
 */
function coinChange(coins, amount) {
  return 0;
}
