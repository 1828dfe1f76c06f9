/**
 * Return true if the binary tree is a valid binary search tree (left subtree strictly
 * smaller, right subtree strictly larger, at every node).
 * @param {TreeNode} root the root of a non-empty tree
 * @return {boolean}
 */
function isValidBst(root) {
  return false;
}
