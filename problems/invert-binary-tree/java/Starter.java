import java.util.*;

class Solution {
    /**
     * Mirror a binary tree: swap the left and right children of every node.
     * root is the root of the tree, or null for an empty tree.
     * Returns the root of the inverted tree (null for an empty tree).
     */
    public TreeNode invertTree(TreeNode root) {
        return null;
    }
}
