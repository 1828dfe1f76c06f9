import java.util.*;

class Solution {
    public int maxPathSum(TreeNode root) {
        // Visit parents before children, then handle the nodes in reverse so that
        // both children are always finished before their parent.
        List<TreeNode> order = new ArrayList<>();
        Deque<TreeNode> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            TreeNode node = stack.pop();
            order.add(node);
            if (node.left != null) stack.push(node.left);
            if (node.right != null) stack.push(node.right);
        }

        // node -> best sum of a path starting at node and going down
        Map<TreeNode, Integer> down = new IdentityHashMap<>();
        int best = root.val;
        for (int i = order.size() - 1; i >= 0; i--) {
            TreeNode node = order.get(i);
            int left = node.left != null ? Math.max(down.get(node.left), 0) : 0;
            int right = node.right != null ? Math.max(down.get(node.right), 0) : 0;
            best = Math.max(best, node.val + left + right);
            down.put(node, node.val + Math.max(left, right));
        }
        return best;
    }
}
