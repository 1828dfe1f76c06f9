import java.util.*;

class Solution {
    /**
     * Return the largest sum of a contiguous, non-empty subarray of nums.
     * nums is non-empty; each value is between -10^4 and 10^4.
     */
    public int maxSubArray(int[] nums) {
        return 0;
    }
}
