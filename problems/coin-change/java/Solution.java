import java.util.*;

class Solution {
    public int coinChange(int[] coins, int amount) {
        int unreachable = amount + 1; // more coins than any real answer could need
        int[] best = new int[amount + 1];
        Arrays.fill(best, unreachable);
        best[0] = 0;
        for (int value = 1; value <= amount; value++) {
            for (int c : coins) {
                if (c <= value && best[value - c] + 1 < best[value]) {
                    best[value] = best[value - c] + 1;
                }
            }
        }
        return best[amount] == unreachable ? -1 : best[amount];
    }
}
