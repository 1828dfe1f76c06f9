/**
 * Return true if the two binary trees have the same shape and values.
 * @param {TreeNode|null} p the root of the first tree, or null if it is empty
 * @param {TreeNode|null} q the root of the second tree, or null if it is empty
 * @return {boolean}
 */
function isSameTree(p, q) {
  return false;
}
