def min_cost_climbing_stairs(cost):
    """Return the minimum total cost to reach the top of the staircase.

    cost: a list of at least 2 ints (0..999); stepping off step i costs cost[i], then you
    move up 1 or 2 steps. You may start on step 0 or step 1; the top is index len(cost).
    Returns an int.
    """
    pass
