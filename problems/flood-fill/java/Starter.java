import java.util.*;

class Solution {
    /**
     * Return the image after bucket-filling from pixel (sr, sc) with color. Every pixel
     * 4-directionally connected to (sr, sc) through pixels of the start's original color is
     * repainted. image has m rows of n pixel colors.
     */
    public int[][] floodFill(int[][] image, int sr, int sc, int color) {
        return image;
    }
}
