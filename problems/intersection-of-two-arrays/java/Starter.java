import java.util.*;

class Solution {
    /**
     * Return the values present in both nums1 and nums2, each exactly once, in any order.
     * Either array may be empty.
     */
    public int[] intersection(int[] nums1, int[] nums2) {
        return new int[0];
    }
}
