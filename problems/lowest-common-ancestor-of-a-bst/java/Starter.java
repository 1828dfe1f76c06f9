import java.util.*;

class Solution {
    /**
     * Return the value of the lowest common ancestor of the nodes holding p and q.
     * root is the root of a binary search tree with distinct values; p and q are two
     * different values that both occur in the tree.
     */
    public int lowestCommonAncestor(TreeNode root, int p, int q) {
        return 0;
    }
}
