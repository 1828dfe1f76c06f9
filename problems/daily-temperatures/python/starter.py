def daily_temperatures(temperatures):
    """Return a list whose i-th entry is the number of days after day i until
    a strictly warmer day, or 0 if no later day is warmer.

    temperatures: a non-empty list of integers between 30 and 100.
    """
    return []
