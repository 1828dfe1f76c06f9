import java.util.*;

class Solution {
    /**
     * Return the number of nodes on the longest root-to-leaf path.
     * root is the root of the tree, or null for an empty tree (depth 0).
     */
    public int maxDepth(TreeNode root) {
        return 0;
    }
}
