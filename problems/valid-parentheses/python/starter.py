def is_valid(s):
    """Return True if the brackets in s are properly balanced.

    s: a string of the characters ()[]{} (possibly empty).
    """
    pass
