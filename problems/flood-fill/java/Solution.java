import java.util.*;

class Solution {
    private static final int[][] MOVES = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};

    public int[][] floodFill(int[][] image, int sr, int sc, int color) {
        int rows = image.length;
        int cols = image[0].length;
        int[][] result = new int[rows][];
        for (int r = 0; r < rows; r++) result[r] = image[r].clone();
        int original = result[sr][sc];
        if (original == color) return result;
        result[sr][sc] = color;
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {sr, sc});
        while (!stack.isEmpty()) {
            int[] cell = stack.pop();
            for (int[] m : MOVES) {
                int nr = cell[0] + m[0];
                int nc = cell[1] + m[1];
                if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && result[nr][nc] == original) {
                    result[nr][nc] = color;
                    stack.push(new int[] {nr, nc});
                }
            }
        }
        return result;
    }
}
