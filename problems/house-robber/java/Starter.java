import java.util.*;

class Solution {
    /**
     * Return the largest sum of nums[i] over a set of indices with no two adjacent.
     * nums is non-empty, with up to 10^5 values between 0 and 10^4.
     */
    public int rob(int[] nums) {
        return 0;
    }
}
