import java.util.*;

class Solution {
    public String longestCommonPrefix(String[] strs) {
        // Vertical scan: extend the prefix one column at a time while every string agrees.
        String first = strs[0];
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            for (int j = 1; j < strs.length; j++) {
                if (i >= strs[j].length() || strs[j].charAt(i) != c) {
                    return first.substring(0, i);
                }
            }
        }
        return first;
    }
}
