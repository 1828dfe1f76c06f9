def coin_change(coins, amount):
    """Return the fewest coins that add up to exactly amount, or -1 if impossible.

    coins: a non-empty list of positive ints (denominations, unlimited supply of each).
    amount: an int, 0 <= amount <= 10^4.
    Returns an int.
    """
    pass
