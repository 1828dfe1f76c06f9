function maxArea(height) {
  let lo = 0;
  let hi = height.length - 1;
  let best = 0;
  while (lo < hi) {
    if (height[lo] < height[hi]) {
      best = Math.max(best, height[lo] * (hi - lo));
      lo++; // the shorter wall cannot do better with any closer partner
    } else {
      best = Math.max(best, height[hi] * (hi - lo));
      hi--;
    }
  }
  return best;
}
