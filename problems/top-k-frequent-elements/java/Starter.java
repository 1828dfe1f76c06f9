import java.util.*;

class Solution {
    /**
     * Return the k most frequent values of nums, each once, in any order.
     * nums is non-empty; k is between 1 and the number of distinct values, and the answer
     * is unique.
     */
    public int[] topKFrequent(int[] nums, int k) {
        return new int[0];
    }
}
