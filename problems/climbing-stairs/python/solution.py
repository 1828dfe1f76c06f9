def climb_stairs(n):
    # ways(i) = ways(i - 1) + ways(i - 2): the last move is either a single or a double step.
    prev, curr = 1, 1  # ways(0), ways(1)
    for _ in range(n - 1):
        prev, curr = curr, prev + curr
    return curr
