def first_unique_char(s):
    """Return the index of the first character of s that occurs exactly once,
    or -1 if there is none.

    s: a non-empty string of lowercase English letters.
    """
    return -1
