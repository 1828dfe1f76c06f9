def is_same_tree(p, q):
    """Return True if the two binary trees have the same shape and values.

    p, q: the root TreeNode of each tree, or None for an empty tree.
    Returns a bool.
    """
    pass
