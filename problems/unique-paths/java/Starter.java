import java.util.*;

class Solution {
    /**
     * Return the number of down/right routes from the top-left to the bottom-right cell of an
     * m x n grid. m and n are between 1 and 100; the answer is at most 2 * 10^9.
     */
    public int uniquePaths(int m, int n) {
        return 0;
    }
}
