/**
 * Return the value of the lowest common ancestor of the nodes holding p and q.
 * @param {TreeNode} root the root of a binary search tree with distinct values
 * @param {number} p a value in the tree
 * @param {number} q another value in the tree, different from p
 * @return {number} the value of the ancestor node
 */
function lowestCommonAncestor(root, p, q) {
  return 0;
}
