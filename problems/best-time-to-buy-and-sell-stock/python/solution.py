def max_profit(prices):
    best = 0
    cheapest = prices[0]
    for price in prices:
        if price < cheapest:
            cheapest = price
        elif price - cheapest > best:
            best = price - cheapest
    return best
