function maxProfit(prices) {
  let best = 0;
  let cheapest = prices[0];
  for (const price of prices) {
    if (price < cheapest) cheapest = price;
    else if (price - cheapest > best) best = price - cheapest;
  }
  return best;
}
