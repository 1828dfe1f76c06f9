function numIslands(grid) {
  const rows = grid.length;
  const cols = grid[0].length;
  const seen = new Uint8Array(rows * cols);
  let islands = 0;
  const stack = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (grid[r][c] !== '1' || seen[r * cols + c]) continue;
      islands++;
      seen[r * cols + c] = 1;
      stack.push(r * cols + c);
      while (stack.length > 0) {
        const cell = stack.pop();
        const cr = Math.floor(cell / cols);
        const cc = cell % cols;
        const neighbours = [[cr - 1, cc], [cr + 1, cc], [cr, cc - 1], [cr, cc + 1]];
        for (const [nr, nc] of neighbours) {
          if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
          const id = nr * cols + nc;
          if (grid[nr][nc] === '1' && !seen[id]) {
            seen[id] = 1;
            stack.push(id);
          }
        }
      }
    }
  }
  return islands;
}
