def unique_paths(m, n):
    # row[j] holds the number of routes to column j of the current row.
    row = [1] * n
    for _ in range(1, m):
        for j in range(1, n):
            row[j] += row[j - 1]
    return row[-1]
