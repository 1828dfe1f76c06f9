import java.util.*;

class Solution {
    /**
     * Return the smallest value in nums. Aim for O(log n).
     * nums holds distinct integers, sorted increasingly and then rotated; it is non-empty.
     */
    public int findMin(int[] nums) {
        return 0;
    }
}
