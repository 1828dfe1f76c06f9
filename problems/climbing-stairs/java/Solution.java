import java.util.*;

class Solution {
    public int climbStairs(int n) {
        // ways(i) = ways(i - 1) + ways(i - 2): the last move is either a single or a double step.
        int prev = 1; // ways(0)
        int curr = 1; // ways(1)
        for (int i = 2; i <= n; i++) {
            int next = prev + curr;
            prev = curr;
            curr = next;
        }
        return curr;
    }
}
