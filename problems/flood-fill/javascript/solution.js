function floodFill(image, sr, sc, color) {
  const result = image.map((row) => row.slice());
  const original = result[sr][sc];
  if (original === color) return result;
  const rows = result.length;
  const cols = result[0].length;
  result[sr][sc] = color;
  const stack = [[sr, sc]];
  const moves = [[-1, 0], [1, 0], [0, -1], [0, 1]];
  while (stack.length > 0) {
    const [r, c] = stack.pop();
    for (const [dr, dc] of moves) {
      const nr = r + dr;
      const nc = c + dc;
      if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && result[nr][nc] === original) {
        result[nr][nc] = color;
        stack.push([nr, nc]);
      }
    }
  }
  return result;
}
