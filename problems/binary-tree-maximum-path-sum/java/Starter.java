import java.util.*;

class Solution {
    /**
     * Return the largest sum of values along any path in the tree.
     * root is the root of a non-empty binary tree.
     */
    public int maxPathSum(TreeNode root) {
        return 0;
    }
}
