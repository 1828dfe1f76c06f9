def merge(intervals):
    """Merge all overlapping (or touching) intervals.

    intervals: a non-empty list of [start, end] pairs with start <= end, in any order.
    Returns a list of [start, end] pairs, sorted by start, none overlapping or touching.
    """
    pass
