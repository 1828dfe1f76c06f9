def min_window(s, t):
    """Return the shortest substring of s that contains every character of t
    (with multiplicity); the leftmost one if there are ties; "" if none.

    s, t: non-empty strings of upper- and lower-case English letters.
    """
    return ""
