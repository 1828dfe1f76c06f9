def max_area(height):
    """Return the most water two walls can hold: the maximum over i < j of
    min(height[i], height[j]) * (j - i).

    height: a list of at least two non-negative wall heights.
    """
    pass
