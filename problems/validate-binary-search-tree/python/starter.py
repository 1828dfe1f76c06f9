def is_valid_bst(root):
    """Return True if the binary tree is a valid binary search tree
    (left subtree strictly smaller, right subtree strictly larger, at every node).

    root: the root TreeNode of a non-empty tree.
    Returns a bool.
    """
    pass
