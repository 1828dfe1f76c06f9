import java.util.*;

class Solution {
    /**
     * Remove the n-th node from the end of a linked list.
     * head is the first node of a non-empty list; n counts from the end (1 = last node),
     * 1 <= n <= length. Returns the head of the resulting list (null if it became empty).
     */
    public ListNode removeNthFromEnd(ListNode head, int n) {
        return null;
    }
}
