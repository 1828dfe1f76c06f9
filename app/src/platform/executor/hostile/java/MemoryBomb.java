import java.util.*;
class Solution { public int[] twoSum(int[] nums, int target) { List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[1 << 20]); } }
