import java.util.*;

class Solution {
    /**
     * Return the most water two walls can hold: the maximum over i < j of
     * min(height[i], height[j]) * (j - i).
     * height holds at least two non-negative wall heights.
     */
    public int maxArea(int[] height) {
        return 0;
    }
}
