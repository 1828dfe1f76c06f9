import java.util.*;

class Solution {
    /**
     * Return the fewest coins that add up to exactly amount, or -1 if impossible.
     * coins is non-empty and holds positive denominations (unlimited supply of each);
     * amount is between 0 and 10^4.
     */
    public int coinChange(int[] coins, int amount) {
        return 0;
    }
}
