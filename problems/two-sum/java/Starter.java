import java.util.*;

class Solution {
    /**
     * Return the indices {i, j} (i != j, either order) with nums[i] + nums[j] == target.
     * nums holds at least two integers; exactly one pair of indices adds up to target.
     * Note that target - nums[i] may not fit in an int.
     */
    public int[] twoSum(int[] nums, int target) {
        return new int[0];
    }
}
