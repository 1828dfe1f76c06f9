import java.util.*;

class Solution {
    public int[][] threeSum(int[] nums) {
        int[] sorted = nums.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        List<int[]> result = new ArrayList<>();
        for (int i = 0; i < n - 2; i++) {
            int first = sorted[i];
            if (first > 0) break; // the two values after it are at least as large
            if (i > 0 && first == sorted[i - 1]) continue;
            int lo = i + 1;
            int hi = n - 1;
            while (lo < hi) {
                int total = first + sorted[lo] + sorted[hi];
                if (total < 0) {
                    lo++;
                } else if (total > 0) {
                    hi--;
                } else {
                    result.add(new int[] {first, sorted[lo], sorted[hi]});
                    lo++;
                    hi--;
                    while (lo < hi && sorted[lo] == sorted[lo - 1]) lo++;
                }
            }
        }
        return result.toArray(new int[0][]);
    }
}
