def max_path_sum(root):
    """Return the largest sum of values along any path in the tree.

    root: the root TreeNode of a non-empty binary tree.
    Returns an int.
    """
    pass
