def generate(num_rows):
    """Return the first num_rows rows of Pascal's triangle, top row first.

    num_rows: an integer, 1 <= num_rows <= 30.
    Returns a list of lists of ints; row i has i + 1 entries.
    """
    pass
