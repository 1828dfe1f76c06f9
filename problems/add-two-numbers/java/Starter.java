import java.util.*;

class Solution {
    /**
     * Add two numbers stored as digit lists, least significant digit first.
     * l1 and l2 are the heads of non-empty lists of digits (0-9).
     * Returns the head of the digit list of the sum.
     */
    public ListNode addTwoNumbers(ListNode l1, ListNode l2) {
        return null;
    }
}
