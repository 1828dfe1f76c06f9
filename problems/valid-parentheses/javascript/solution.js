function isValid(s) {
  const opener = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const ch of s) {
    if (ch in opener) {
      if (stack.length === 0 || stack.pop() !== opener[ch]) return false;
    } else {
      stack.push(ch);
    }
  }
  return stack.length === 0;
}
