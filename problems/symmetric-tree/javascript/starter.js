/**
 * Return true if the binary tree is a mirror image of itself.
 * @param {TreeNode|null} root the root of the tree, or null for an empty tree
 * @return {boolean}
 */
function isSymmetric(root) {
  return false;
}
