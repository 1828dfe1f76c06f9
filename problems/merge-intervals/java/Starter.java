import java.util.*;

class Solution {
    /**
     * Merge all overlapping (or touching) intervals. intervals is a non-empty array of
     * [start, end] pairs with start <= end, in any order. Return the merged pairs sorted by
     * start, none overlapping or touching.
     */
    public int[][] merge(int[][] intervals) {
        return new int[0][];
    }
}
