def climb_stairs(n):
    """Return the number of distinct ways to reach step n using moves of 1 or 2 steps.

    n: an integer, 1 <= n <= 45.
    Returns an int (it always fits in 32 bits).
    """
    pass
