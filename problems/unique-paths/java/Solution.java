import java.util.*;

class Solution {
    public int uniquePaths(int m, int n) {
        // row[j] holds the number of routes to column j of the current row. Every entry is at
        // most the final answer, so int never overflows.
        int[] row = new int[n];
        Arrays.fill(row, 1);
        for (int i = 1; i < m; i++) {
            for (int j = 1; j < n; j++) {
                row[j] += row[j - 1];
            }
        }
        return row[n - 1];
    }
}
