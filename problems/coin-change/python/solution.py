def coin_change(coins, amount):
    unreachable = amount + 1  # more coins than any real answer could need
    best = [0] + [unreachable] * amount
    usable = [c for c in set(coins) if c <= amount]
    for value in range(1, amount + 1):
        for c in usable:
            if c <= value and best[value - c] + 1 < best[value]:
                best[value] = best[value - c] + 1
    return best[amount] if best[amount] != unreachable else -1
