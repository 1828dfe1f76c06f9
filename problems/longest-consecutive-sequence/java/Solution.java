import java.util.*;

class Solution {
    public int longestConsecutive(int[] nums) {
        Set<Integer> values = new HashSet<>(nums.length * 2);
        for (int x : nums) values.add(x);
        int best = 0;
        for (int x : values) {
            if (values.contains(x - 1)) continue; // x is not the start of its run
            int end = x + 1;
            while (values.contains(end)) end++;
            best = Math.max(best, end - x);
        }
        return best;
    }
}
