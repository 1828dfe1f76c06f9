function isPalindrome(s) {
  const isAlnum = (ch) => /[A-Za-z0-9]/.test(ch);
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    if (!isAlnum(s[lo])) {
      lo++;
    } else if (!isAlnum(s[hi])) {
      hi--;
    } else if (s[lo].toLowerCase() !== s[hi].toLowerCase()) {
      return false;
    } else {
      lo++;
      hi--;
    }
  }
  return true;
}
