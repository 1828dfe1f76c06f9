function maxPathSum(root) {
  // Visit parents before children, then handle the nodes in reverse so that
  // both children are always finished before their parent.
  const order = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    order.push(node);
    if (node.left !== null) stack.push(node.left);
    if (node.right !== null) stack.push(node.right);
  }

  const down = new Map(); // node -> best sum of a path starting at node and going down
  let best = root.val;
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const left = node.left !== null ? Math.max(down.get(node.left), 0) : 0;
    const right = node.right !== null ? Math.max(down.get(node.right), 0) : 0;
    best = Math.max(best, node.val + left + right);
    down.set(node, node.val + Math.max(left, right));
  }
  return best;
}
