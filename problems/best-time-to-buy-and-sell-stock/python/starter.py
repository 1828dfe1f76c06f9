def max_profit(prices):
    """Return the largest profit from buying on one day and selling on a later
    day, or 0 if no such trade makes money.

    prices: a non-empty list of daily prices (integers between 0 and 10^4).
    """
    pass
