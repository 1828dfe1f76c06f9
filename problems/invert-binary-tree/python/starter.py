def invert_tree(root):
    """Mirror a binary tree: swap the left and right children of every node.

    root: the root TreeNode, or None for an empty tree.
    Returns the root TreeNode of the inverted tree (None for an empty tree).
    """
    pass
