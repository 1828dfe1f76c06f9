import java.util.*;

class Solution {
    public boolean isValidBst(TreeNode root) {
        // In-order walk with an explicit stack: values must be strictly increasing.
        Deque<TreeNode> stack = new ArrayDeque<>();
        boolean first = true;
        long prev = 0;
        TreeNode node = root;
        while (!stack.isEmpty() || node != null) {
            while (node != null) {
                stack.push(node);
                node = node.left;
            }
            node = stack.pop();
            if (!first && node.val <= prev) return false;
            first = false;
            prev = node.val;
            node = node.right;
        }
        return true;
    }
}
