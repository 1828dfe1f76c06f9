function rob(nums) {
  // withoutPrev: best total if the previous house was skipped; withPrev: if it was taken.
  let withoutPrev = 0;
  let withPrev = 0;
  for (const amount of nums) {
    const taken = withoutPrev + amount;
    withoutPrev = Math.max(withoutPrev, withPrev);
    withPrev = taken;
  }
  return Math.max(withoutPrev, withPrev);
}
