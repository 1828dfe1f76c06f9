def longest_common_prefix(strs):
    """Return the longest string that every string in strs starts with
    ("" if there is none).

    strs: a non-empty list of lowercase strings.
    """
    return ""
