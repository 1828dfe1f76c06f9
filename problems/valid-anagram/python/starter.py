def is_anagram(s, t):
    """Return True if t is an anagram of s (same letters, same counts).

    s, t: strings of lowercase English letters (possibly empty).
    """
    pass
