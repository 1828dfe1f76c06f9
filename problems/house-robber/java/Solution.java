import java.util.*;

class Solution {
    public int rob(int[] nums) {
        // withoutPrev: best total if the previous house was skipped; withPrev: if it was taken.
        int withoutPrev = 0;
        int withPrev = 0;
        for (int amount : nums) {
            int taken = withoutPrev + amount;
            withoutPrev = Math.max(withoutPrev, withPrev);
            withPrev = taken;
        }
        return Math.max(withoutPrev, withPrev);
    }
}
