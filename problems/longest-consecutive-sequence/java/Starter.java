import java.util.*;

class Solution {
    /**
     * Return the length of the longest run of consecutive integers that all occur in nums
     * (0 for an empty array).
     * nums is unsorted and may be empty or contain repeats.
     */
    public int longestConsecutive(int[] nums) {
        return 0;
    }
}
