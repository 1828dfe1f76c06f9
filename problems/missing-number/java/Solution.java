import java.util.*;

class Solution {
    public int missingNumber(int[] nums) {
        // XOR of every index, every value and n leaves only the missing value.
        int acc = nums.length;
        for (int i = 0; i < nums.length; i++) {
            acc ^= i ^ nums[i];
        }
        return acc;
    }
}
