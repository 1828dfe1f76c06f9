/**
 * Return true if s reads the same both ways once non-alphanumeric characters
 * are removed and case is ignored.
 * @param {string} s printable ASCII, possibly empty
 * @return {boolean}
 */
function isPalindrome(s) {
  return false;
}
