def max_depth(root):
    """Return the number of nodes on the longest root-to-leaf path.

    root: the root TreeNode, or None for an empty tree.
    Returns an int (0 for an empty tree).
    """
    pass
