import java.util.*;

class Solution {
    /**
     * Return true if the binary tree is a valid binary search tree (left subtree strictly
     * smaller, right subtree strictly larger, at every node).
     * root is the root of a non-empty tree.
     */
    public boolean isValidBst(TreeNode root) {
        return false;
    }
}
