def num_islands(grid):
    """Return the number of islands in grid.

    grid: a list of m rows, each a list of n one-character strings, "1" (land) or
    "0" (water). Land cells connect horizontally and vertically.
    Returns an int.
    """
    pass
