import java.util.*;

class Solution {
    /**
     * Return the number of distinct ways to reach step n using moves of 1 or 2 steps.
     * n is between 1 and 45; the answer always fits in an int.
     */
    public int climbStairs(int n) {
        return 0;
    }
}
