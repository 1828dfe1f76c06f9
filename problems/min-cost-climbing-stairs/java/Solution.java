import java.util.*;

class Solution {
    public int minCostClimbingStairs(int[] cost) {
        // twoBack, oneBack: cheapest cost to stand on steps i - 2 and i - 1 (starting is free).
        int twoBack = 0;
        int oneBack = 0;
        for (int i = 2; i <= cost.length; i++) {
            int here = Math.min(oneBack + cost[i - 1], twoBack + cost[i - 2]);
            twoBack = oneBack;
            oneBack = here;
        }
        return oneBack;
    }
}
