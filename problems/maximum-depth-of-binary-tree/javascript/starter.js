/**
 * Return the number of nodes on the longest root-to-leaf path.
 * @param {TreeNode|null} root the root of the tree, or null for an empty tree
 * @return {number} the maximum depth (0 for an empty tree)
 */
function maxDepth(root) {
  return 0;
}
