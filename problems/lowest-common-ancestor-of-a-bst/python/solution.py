def lowest_common_ancestor(root, p, q):
    low, high = min(p, q), max(p, q)
    node = root
    while True:
        if high < node.val:
            node = node.left
        elif low > node.val:
            node = node.right
        else:
            return node.val
