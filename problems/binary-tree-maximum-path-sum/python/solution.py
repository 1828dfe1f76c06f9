def max_path_sum(root):
    # Visit parents before children, then handle the nodes in reverse so that
    # both children are always finished before their parent.
    order = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        if node.left is not None:
            stack.append(node.left)
        if node.right is not None:
            stack.append(node.right)

    down = {}  # node -> best sum of a path starting at node and going down
    best = root.val
    for node in reversed(order):
        left = max(down[node.left], 0) if node.left is not None else 0
        right = max(down[node.right], 0) if node.right is not None else 0
        best = max(best, node.val + left + right)
        down[node] = node.val + max(left, right)
    return best
