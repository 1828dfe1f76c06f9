import java.util.*;

class Solution {
    public int[] topKFrequent(int[] nums, int k) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int x : nums) counts.merge(x, 1, Integer::sum);
        List<List<Integer>> buckets = new ArrayList<>(); // buckets.get(c): values seen c times
        for (int c = 0; c <= nums.length; c++) buckets.add(new ArrayList<>());
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            buckets.get(e.getValue()).add(e.getKey());
        }
        int[] result = new int[k];
        int size = 0;
        for (int c = nums.length; c > 0 && size < k; c--) {
            for (int value : buckets.get(c)) {
                if (size == k) break;
                result[size++] = value;
            }
        }
        return result;
    }
}
