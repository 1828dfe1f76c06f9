function climbStairs(n) {
  // ways(i) = ways(i - 1) + ways(i - 2): the last move is either a single or a double step.
  let prev = 1; // ways(0)
  let curr = 1; // ways(1)
  for (let i = 2; i <= n; i++) {
    const next = prev + curr;
    prev = curr;
    curr = next;
  }
  return curr;
}
