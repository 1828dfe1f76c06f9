import java.util.*;

class Solution {
    /**
     * Return the length of the longest substring of s (contiguous) in which no character
     * repeats. s is printable ASCII and may be empty.
     */
    public int lengthOfLongestSubstring(String s) {
        return 0;
    }
}
