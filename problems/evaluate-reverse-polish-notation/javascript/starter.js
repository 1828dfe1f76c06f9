/**
 * Evaluate an expression in reverse Polish notation and return its value.
 * Division truncates toward zero.
 * @param {string[]} tokens each an integer or one of "+", "-", "*", "/"
 * @return {number}
 */
function evalRpn(tokens) {
  return 0;
}
