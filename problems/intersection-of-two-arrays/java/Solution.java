import java.util.*;

class Solution {
    public int[] intersection(int[] nums1, int[] nums2) {
        Set<Integer> remaining = new HashSet<>();
        for (int x : nums1) remaining.add(x);
        int[] result = new int[Math.min(remaining.size(), nums2.length)];
        int size = 0;
        for (int x : nums2) {
            if (remaining.remove(x)) result[size++] = x;
        }
        return Arrays.copyOf(result, size);
    }
}
