import java.util.*;

class Solution {
    /**
     * Return the index of the first character of s that occurs exactly once, or -1 if there
     * is none. s is a non-empty string of lowercase English letters.
     */
    public int firstUniqueChar(String s) {
        return -1;
    }
}
