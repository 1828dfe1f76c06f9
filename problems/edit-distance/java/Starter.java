import java.util.*;

class Solution {
    /**
     * Return the minimum number of single-character insertions, deletions and replacements
     * that turn word1 into word2. Both words are lowercase English letters, 0 to 1000 long.
     */
    public int minDistance(String word1, String word2) {
        return 0;
    }
}
