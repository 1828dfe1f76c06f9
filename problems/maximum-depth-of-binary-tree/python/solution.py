def max_depth(root):
    depth = 0
    level = [root] if root is not None else []
    while level:
        depth += 1
        next_level = []
        for node in level:
            if node.left is not None:
                next_level.append(node.left)
            if node.right is not None:
                next_level.append(node.right)
        level = next_level
    return depth
