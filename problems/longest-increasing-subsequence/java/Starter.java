import java.util.*;

class Solution {
    /**
     * Return the length of the longest strictly increasing subsequence of nums.
     * nums is non-empty, with up to 10^5 values between -10^9 and 10^9.
     */
    public int lengthOfLis(int[] nums) {
        return 0;
    }
}
