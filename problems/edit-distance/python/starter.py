def min_distance(word1, word2):
    """Return the minimum number of single-character insertions, deletions and
    replacements that turn word1 into word2.

    word1, word2: strings of lowercase English letters, each 0 to 1000 long.
    Returns an int.
    """
    pass
