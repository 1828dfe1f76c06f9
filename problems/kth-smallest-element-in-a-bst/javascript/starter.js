/**
 * Return the k-th smallest value (1-indexed) in a binary search tree.
 * @param {TreeNode} root the root of a non-empty binary search tree with distinct values
 * @param {number} k 1 <= k <= number of nodes
 * @return {number}
 */
function kthSmallest(root, k) {
  return 0;
}
