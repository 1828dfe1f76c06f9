import java.util.*;

class Solution {
    public int lengthOfLis(int[] nums) {
        // tails[k] is the smallest possible last value of a strictly increasing subsequence of
        // length k + 1 seen so far; tails[0..size) stays sorted.
        int[] tails = new int[nums.length];
        int size = 0;
        for (int x : nums) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (tails[mid] < x) lo = mid + 1;
                else hi = mid;
            }
            tails[lo] = x;
            if (lo == size) size++;
        }
        return size;
    }
}
