import java.util.*;

class Solution {
    /**
     * Group the words of strs so that each group holds exactly the words that are anagrams of
     * one another. Any order of groups, and of words within a group, is accepted.
     * strs is a non-empty array of lowercase words (words may be empty or repeated).
     */
    public String[][] groupAnagrams(String[] strs) {
        return new String[0][];
    }
}
