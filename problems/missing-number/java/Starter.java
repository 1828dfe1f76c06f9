import java.util.*;

class Solution {
    /**
     * Return the value in 0..nums.length that is absent from nums.
     * nums is non-empty; its values are distinct and each is between 0 and nums.length.
     */
    public int missingNumber(int[] nums) {
        return 0;
    }
}
