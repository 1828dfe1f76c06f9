import java.util.*;

class Solution {
    /**
     * Return the shortest substring of s that contains every character of t (with
     * multiplicity); the leftmost one if there are ties; "" if there is none.
     * s and t are non-empty strings of upper- and lower-case English letters.
     */
    public String minWindow(String s, String t) {
        return "";
    }
}
