def level_order(root):
    """Return the node values level by level, each level from left to right.

    root: the root TreeNode, or None for an empty tree.
    Returns a list of lists of ints (an empty list for an empty tree).
    """
    pass
