import java.util.*;

class Solution {
    public int minDistance(String word1, String word2) {
        // Keep the shorter word along the row so the table row is as small as possible.
        if (word2.length() > word1.length()) {
            String t = word1;
            word1 = word2;
            word2 = t;
        }
        int n = word2.length();
        // row[j]: distance between the current prefix of word1 and the first j letters of word2.
        int[] row = new int[n + 1];
        for (int j = 0; j <= n; j++) row[j] = j;
        for (int i = 1; i <= word1.length(); i++) {
            int diagonal = row[0]; // value of the previous row at j - 1
            row[0] = i;
            char a = word1.charAt(i - 1);
            for (int j = 1; j <= n; j++) {
                int above = row[j];
                if (a == word2.charAt(j - 1)) {
                    row[j] = diagonal;
                } else {
                    // replace, delete from word1, insert into word1
                    row[j] = 1 + Math.min(diagonal, Math.min(above, row[j - 1]));
                }
                diagonal = above;
            }
        }
        return row[n];
    }
}
