function majorityElement(nums) {
  // Boyer-Moore voting: each non-matching value cancels one vote of the candidate.
  let candidate = nums[0];
  let votes = 0;
  for (const x of nums) {
    if (votes === 0) candidate = x;
    votes += x === candidate ? 1 : -1;
  }
  return candidate;
}
