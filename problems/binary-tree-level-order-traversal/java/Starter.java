import java.util.*;

class Solution {
    /**
     * Return the node values level by level, each level from left to right.
     * root is the root of the tree, or null for an empty tree.
     * Returns one array per level (no arrays for an empty tree).
     */
    public int[][] levelOrder(TreeNode root) {
        return new int[0][];
    }
}
