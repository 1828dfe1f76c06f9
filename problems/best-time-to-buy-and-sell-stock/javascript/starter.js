/**
 * Return the largest profit from buying on one day and selling on a later day, or 0 if no
 * such trade makes money.
 * @param {number[]} prices a non-empty array of daily prices (integers between 0 and 10^4)
 * @return {number}
 */
function maxProfit(prices) {
  return 0;
}
