def majority_element(nums):
    # Boyer-Moore voting: each non-matching value cancels one vote of the candidate.
    candidate, votes = None, 0
    for x in nums:
        if votes == 0:
            candidate = x
        votes += 1 if x == candidate else -1
    return candidate
