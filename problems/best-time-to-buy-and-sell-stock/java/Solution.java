import java.util.*;

class Solution {
    public int maxProfit(int[] prices) {
        int best = 0;
        int cheapest = prices[0];
        for (int price : prices) {
            if (price < cheapest) {
                cheapest = price;
            } else if (price - cheapest > best) {
                best = price - cheapest;
            }
        }
        return best;
    }
}
