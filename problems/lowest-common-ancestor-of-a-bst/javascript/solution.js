function lowestCommonAncestor(root, p, q) {
  const low = Math.min(p, q);
  const high = Math.max(p, q);
  let node = root;
  while (true) {
    if (high < node.val) node = node.left;
    else if (low > node.val) node = node.right;
    else return node.val;
  }
}
