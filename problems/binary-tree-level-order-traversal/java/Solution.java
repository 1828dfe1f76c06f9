import java.util.*;

class Solution {
    public int[][] levelOrder(TreeNode root) {
        List<int[]> levels = new ArrayList<>();
        Deque<TreeNode> queue = new ArrayDeque<>();
        if (root != null) queue.add(root);
        while (!queue.isEmpty()) {
            int[] row = new int[queue.size()];
            for (int i = 0; i < row.length; i++) {
                TreeNode node = queue.poll();
                row[i] = node.val;
                if (node.left != null) queue.add(node.left);
                if (node.right != null) queue.add(node.right);
            }
            levels.add(row);
        }
        return levels.toArray(new int[0][]);
    }
}
