import java.util.*;

class Solution {
    /**
     * Evaluate an expression in reverse Polish notation and return its value.
     * Each token is an integer or one of "+", "-", "*", "/"; division truncates toward zero.
     */
    public int evalRpn(String[] tokens) {
        return 0;
    }
}
