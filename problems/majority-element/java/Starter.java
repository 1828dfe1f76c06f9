import java.util.*;

class Solution {
    /**
     * Return the value that occurs more than nums.length / 2 times in nums.
     * nums is non-empty and always has such a value.
     */
    public int majorityElement(int[] nums) {
        return 0;
    }
}
