import java.util.*;

class Solution {
    public int majorityElement(int[] nums) {
        // Boyer-Moore voting: each non-matching value cancels one vote of the candidate.
        int candidate = nums[0];
        int votes = 0;
        for (int x : nums) {
            if (votes == 0) candidate = x;
            votes += x == candidate ? 1 : -1;
        }
        return candidate;
    }
}
