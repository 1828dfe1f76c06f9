/**
 * Return the largest sum of values along any path in the tree.
 * @param {TreeNode} root the root of a non-empty binary tree
 * @return {number}
 */
function maxPathSum(root) {
  return 0;
}
