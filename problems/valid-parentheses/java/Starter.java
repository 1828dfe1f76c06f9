import java.util.*;

class Solution {
    /**
     * Return true if the brackets in s are properly balanced.
     * s contains only the characters ()[]{} and may be empty.
     */
    public boolean isValid(String s) {
        return false;
    }
}
