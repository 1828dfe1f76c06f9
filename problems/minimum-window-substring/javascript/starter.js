/**
 * Return the shortest substring of s that contains every character of t (with multiplicity);
 * the leftmost one if there are ties; "" if there is none.
 * @param {string} s upper- and lower-case English letters (non-empty)
 * @param {string} t upper- and lower-case English letters (non-empty)
 * @return {string}
 */
function minWindow(s, t) {
  return "";
}
