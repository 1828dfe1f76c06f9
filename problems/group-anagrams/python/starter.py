def group_anagrams(strs):
    """Group the words of strs so that each group holds exactly the words
    that are anagrams of one another.

    strs: a non-empty list of lowercase words (words may be empty or repeated).
    Returns a list of groups (lists of words); any order of groups and of
    words within a group is accepted.
    """
    return []
