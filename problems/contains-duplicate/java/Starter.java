import java.util.*;

class Solution {
    /**
     * Return true if some value occurs more than once in nums, else false.
     * nums may be empty.
     */
    public boolean containsDuplicate(int[] nums) {
        return false;
    }
}
