def eval_rpn(tokens):
    """Evaluate an expression in reverse Polish notation and return its value.

    tokens: a list of strings, each an integer or one of "+", "-", "*", "/".
    Division truncates toward zero.
    """
    return 0
