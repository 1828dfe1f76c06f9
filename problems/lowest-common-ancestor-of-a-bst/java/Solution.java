import java.util.*;

class Solution {
    public int lowestCommonAncestor(TreeNode root, int p, int q) {
        int low = Math.min(p, q);
        int high = Math.max(p, q);
        TreeNode node = root;
        while (true) {
            if (high < node.val) node = node.left;
            else if (low > node.val) node = node.right;
            else return node.val;
        }
    }
}
