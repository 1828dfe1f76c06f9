import java.util.*;

class Solution {
    /**
     * Return the index of target in nums, or -1 if it is absent. Aim for O(log n).
     * nums holds distinct integers, sorted increasingly and then rotated; it is non-empty.
     */
    public int search(int[] nums, int target) {
        return -1;
    }
}
