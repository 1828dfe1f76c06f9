def is_valid_bst(root):
    # In-order walk with an explicit stack: values must be strictly increasing.
    stack = []
    prev = None
    node = root
    while stack or node is not None:
        while node is not None:
            stack.append(node)
            node = node.left
        node = stack.pop()
        if prev is not None and node.val <= prev:
            return False
        prev = node.val
        node = node.right
    return True
