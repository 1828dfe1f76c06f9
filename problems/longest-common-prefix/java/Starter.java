import java.util.*;

class Solution {
    /**
     * Return the longest string that every string in strs starts with ("" if there is none).
     * strs is a non-empty array of lowercase strings.
     */
    public String longestCommonPrefix(String[] strs) {
        return "";
    }
}
