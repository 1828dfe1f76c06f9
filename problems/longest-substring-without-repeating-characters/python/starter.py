def length_of_longest_substring(s):
    """Return the length of the longest substring of s (contiguous) in which
    no character repeats.

    s: printable ASCII, possibly empty.
    """
    return 0
