import java.util.*;

class Solution {
    /**
     * Return true if the binary tree is a mirror image of itself.
     * root is the root of the tree, or null for an empty tree.
     */
    public boolean isSymmetric(TreeNode root) {
        return false;
    }
}
