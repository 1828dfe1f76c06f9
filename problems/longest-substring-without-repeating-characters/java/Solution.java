import java.util.*;

class Solution {
    public int lengthOfLongestSubstring(String s) {
        int[] lastSeen = new int[128]; // index of each character's latest occurrence, + 1
        int start = 0, best = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            start = Math.max(start, lastSeen[c]);
            lastSeen[c] = i + 1;
            best = Math.max(best, i - start + 1);
        }
        return best;
    }
}
