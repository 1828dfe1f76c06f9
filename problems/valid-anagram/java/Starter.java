import java.util.*;

class Solution {
    /**
     * Return true if t is an anagram of s (same letters, same counts).
     * s and t consist of lowercase English letters and may be empty.
     */
    public boolean isAnagram(String s, String t) {
        return false;
    }
}
