def min_distance(word1, word2):
    # Keep the shorter word along the row so the table row is as small as possible.
    if len(word2) > len(word1):
        word1, word2 = word2, word1
    # prev[j]: distance between the current prefix of word1 and word2[:j].
    prev = list(range(len(word2) + 1))
    for i, a in enumerate(word1, 1):
        curr = [i]
        for j, b in enumerate(word2, 1):
            if a == b:
                curr.append(prev[j - 1])
            else:
                # replace, delete from word1, insert into word1
                curr.append(1 + min(prev[j - 1], prev[j], curr[j - 1]))
        prev = curr
    return prev[-1]
