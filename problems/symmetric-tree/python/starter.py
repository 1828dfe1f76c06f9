def is_symmetric(root):
    """Return True if the binary tree is a mirror image of itself.

    root: the root TreeNode, or None for an empty tree.
    Returns a bool.
    """
    pass
