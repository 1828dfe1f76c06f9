import java.util.*;

class Solution {
    public int maxArea(int[] height) {
        int lo = 0;
        int hi = height.length - 1;
        int best = 0;
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
}
