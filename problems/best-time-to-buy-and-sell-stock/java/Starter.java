import java.util.*;

class Solution {
    /**
     * Return the largest profit from buying on one day and selling on a later day, or 0 if
     * no such trade makes money.
     * prices is non-empty and each price is between 0 and 10^4.
     */
    public int maxProfit(int[] prices) {
        return 0;
    }
}
