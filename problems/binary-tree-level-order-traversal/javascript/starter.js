/**
 * Return the node values level by level, each level from left to right.
 * @param {TreeNode|null} root the root of the tree, or null for an empty tree
 * @return {number[][]} the levels (an empty array for an empty tree)
 */
function levelOrder(root) {
  return [];
}
