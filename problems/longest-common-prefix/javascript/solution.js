function longestCommonPrefix(strs) {
  // Vertical scan: extend the prefix one column at a time while every string agrees.
  const first = strs[0];
  for (let i = 0; i < first.length; i++) {
    const ch = first[i];
    for (let j = 1; j < strs.length; j++) {
      if (i >= strs[j].length || strs[j][i] !== ch) return first.slice(0, i);
    }
  }
  return first;
}
