import java.util.*;

class Solution {
    public int findMin(int[] nums) {
        int lo = 0, hi = nums.length - 1;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (nums[mid] > nums[hi]) lo = mid + 1; // the drop is to the right of mid
            else hi = mid; // mid could be the minimum itself
        }
        return nums[lo];
    }
}
