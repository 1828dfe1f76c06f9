def flood_fill(image, sr, sc, color):
    """Return the image after bucket-filling from pixel (sr, sc) with color.

    image: a list of m rows, each a list of n ints (pixel colors).
    sr, sc: row and column of the starting pixel.
    color: the new color.
    Every pixel 4-directionally connected to (sr, sc) through pixels of the start's
    original color is repainted. Returns the resulting grid (list of lists of ints).
    """
    pass
