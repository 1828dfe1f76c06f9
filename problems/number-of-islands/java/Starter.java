import java.util.*;

class Solution {
    /**
     * Return the number of islands in grid: groups of '1' (land) cells connected horizontally
     * or vertically. grid has m rows of n cells, each '0' (water) or '1' (land).
     */
    public int numIslands(char[][] grid) {
        return 0;
    }
}
