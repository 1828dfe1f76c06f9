/**
 * Return true if the brackets in s are properly balanced.
 * @param {string} s only the characters ()[]{}, possibly empty
 * @return {boolean}
 */
function isValid(s) {
  return false;
}
