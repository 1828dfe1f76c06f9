import java.util.*;

class Solution {
    /**
     * Return the k-th smallest value (1-indexed) in a binary search tree.
     * root is the root of a non-empty binary search tree with distinct values;
     * 1 <= k <= number of nodes.
     */
    public int kthSmallest(TreeNode root, int k) {
        return 0;
    }
}
