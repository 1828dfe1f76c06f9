import java.util.*;

class Solution {
    public int[] moveZeroes(int[] nums) {
        int write = 0; // nums[0..write) holds the non-zero values seen so far, in order
        for (int read = 0; read < nums.length; read++) {
            if (nums[read] != 0) {
                int value = nums[read];
                nums[read] = nums[write];
                nums[write] = value;
                write++;
            }
        }
        return nums;
    }
}
