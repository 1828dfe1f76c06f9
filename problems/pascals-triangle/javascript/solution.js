function generate(numRows) {
  const rows = [[1]];
  for (let i = 1; i < numRows; i++) {
    const prev = rows[i - 1];
    const row = [1];
    for (let j = 1; j < prev.length; j++) {
      row.push(prev[j - 1] + prev[j]);
    }
    row.push(1);
    rows.push(row);
  }
  return rows;
}
