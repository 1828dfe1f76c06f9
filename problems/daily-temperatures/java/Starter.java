import java.util.*;

class Solution {
    /**
     * Return an array whose i-th entry is the number of days after day i until a strictly
     * warmer day, or 0 if no later day is warmer.
     * temperatures is non-empty and each value is between 30 and 100.
     */
    public int[] dailyTemperatures(int[] temperatures) {
        return new int[temperatures.length];
    }
}
