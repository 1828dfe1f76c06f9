function minDistance(word1, word2) {
  // Keep the shorter word along the row so the table row is as small as possible.
  if (word2.length > word1.length) [word1, word2] = [word2, word1];
  const n = word2.length;
  // row[j]: distance between the current prefix of word1 and the first j letters of word2.
  const row = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= word1.length; i++) {
    let diagonal = row[0]; // value of the previous row at j - 1
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const above = row[j];
      if (word1[i - 1] === word2[j - 1]) {
        row[j] = diagonal;
      } else {
        // replace, delete from word1, insert into word1
        row[j] = 1 + Math.min(diagonal, above, row[j - 1]);
      }
      diagonal = above;
    }
  }
  return row[n];
}
