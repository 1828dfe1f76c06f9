def product_except_self(nums):
    """Return a list whose i-th entry is the product of every element of nums
    except nums[i], computed without division.

    nums: a list of at least two integers between -30 and 30.
    """
    pass
