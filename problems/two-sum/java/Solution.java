import java.util.*;

class Solution {
    public int[] twoSum(int[] nums, int target) {
        Map<Long, Integer> seen = new HashMap<>(); // value -> index where it was first seen
        for (int i = 0; i < nums.length; i++) {
            Integer j = seen.get((long) target - nums[i]);
            if (j != null) return new int[] {j, i};
            seen.putIfAbsent((long) nums[i], i);
        }
        return new int[0];
    }
}
