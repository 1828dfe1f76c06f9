def is_palindrome(s):
    """Return True if s reads the same both ways once non-alphanumeric
    characters are removed and case is ignored.

    s: a string of printable ASCII characters (possibly empty).
    """
    pass
