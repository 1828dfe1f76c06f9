import java.util.*;

class Solution {
    /**
     * Return true if s reads the same both ways once non-alphanumeric characters
     * are removed and case is ignored. s is printable ASCII and may be empty.
     */
    public boolean isPalindrome(String s) {
        return false;
    }
}
