/**
 * Mirror a binary tree: swap the left and right children of every node.
 * @param {TreeNode|null} root the root of the tree, or null for an empty tree
 * @return {TreeNode|null} the root of the inverted tree (null for an empty tree)
 */
function invertTree(root) {
  return null;
}
