def lowest_common_ancestor(root, p, q):
    """Return the value of the lowest common ancestor of the nodes holding p and q.

    root: the root TreeNode of a binary search tree with distinct values.
    p, q: two different values that both occur in the tree.
    Returns an int: the value of the ancestor node.
    """
    pass
