class Solution { int down(int n) { return down(n + 1) + 1; } public int[] twoSum(int[] nums, int target) { return new int[]{down(0)}; } }
