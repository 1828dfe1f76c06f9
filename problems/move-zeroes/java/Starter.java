import java.util.*;

class Solution {
    /**
     * Move every 0 in nums to the end, keeping the order of the non-zero values.
     * Rearrange nums in place (O(1) extra space) and return nums itself.
     * nums is non-empty.
     */
    public int[] moveZeroes(int[] nums) {
        return new int[0];
    }
}
