import java.util.*;

class Solution {
    /**
     * Return the first numRows rows of Pascal's triangle, top row first; row i has i + 1
     * entries. numRows is between 1 and 30.
     */
    public int[][] generate(int numRows) {
        return new int[0][];
    }
}
