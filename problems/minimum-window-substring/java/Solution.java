import java.util.*;

class Solution {
    public String minWindow(String s, String t) {
        int[] need = new int[128];
        for (int i = 0; i < t.length(); i++) need[t.charAt(i)]++;
        int missing = t.length(); // characters of t not yet covered by the window
        int bestStart = 0, bestLen = Integer.MAX_VALUE;
        int left = 0;
        for (int right = 0; right < s.length(); right++) {
            if (need[s.charAt(right)]-- > 0) missing--;
            if (missing == 0) {
                // Shrink from the left while the window still covers t.
                while (need[s.charAt(left)] < 0) need[s.charAt(left++)]++;
                if (right - left + 1 < bestLen) {
                    bestStart = left;
                    bestLen = right - left + 1;
                }
                // Give up the leftmost needed character and keep looking.
                need[s.charAt(left++)]++;
                missing++;
            }
        }
        return bestLen == Integer.MAX_VALUE ? "" : s.substring(bestStart, bestStart + bestLen);
    }
}
