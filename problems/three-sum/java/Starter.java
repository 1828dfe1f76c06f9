import java.util.*;

class Solution {
    /**
     * Return every distinct triplet {a, b, c} of values at three different indices of nums
     * with a + b + c == 0, each triplet once, in any order.
     * nums may be empty.
     */
    public int[][] threeSum(int[] nums) {
        return new int[0][];
    }
}
