def unique_paths(m, n):
    """Return the number of down/right routes from the top-left to the bottom-right
    cell of an m x n grid.

    m, n: ints between 1 and 100; the answer is at most 2 * 10^9.
    Returns an int.
    """
    pass
