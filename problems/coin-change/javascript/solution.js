function coinChange(coins, amount) {
  const unreachable = amount + 1; // more coins than any real answer could need
  const best = new Array(amount + 1).fill(unreachable);
  best[0] = 0;
  const usable = [...new Set(coins)].filter((c) => c <= amount);
  for (let value = 1; value <= amount; value++) {
    for (const c of usable) {
      if (c <= value && best[value - c] + 1 < best[value]) {
        best[value] = best[value - c] + 1;
      }
    }
  }
  return best[amount] === unreachable ? -1 : best[amount];
}
