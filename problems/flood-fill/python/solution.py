def flood_fill(image, sr, sc, color):
    result = [row[:] for row in image]
    original = result[sr][sc]
    if original == color:
        return result
    rows, cols = len(result), len(result[0])
    result[sr][sc] = color
    stack = [(sr, sc)]
    while stack:
        r, c = stack.pop()
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols and result[nr][nc] == original:
                result[nr][nc] = color
                stack.append((nr, nc))
    return result
