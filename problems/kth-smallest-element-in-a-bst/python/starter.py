def kth_smallest(root, k):
    """Return the k-th smallest value (1-indexed) in a binary search tree.

    root: the root TreeNode of a non-empty binary search tree with distinct values.
    k: 1 <= k <= number of nodes.
    Returns an int.
    """
    pass
