import java.util.*;

class Solution {
    /**
     * Return how many non-empty subarrays (runs of adjacent elements) of nums sum to
     * exactly k.
     * nums is non-empty; its values and k may be negative or zero.
     */
    public int subarraySum(int[] nums, int k) {
        return 0;
    }
}
