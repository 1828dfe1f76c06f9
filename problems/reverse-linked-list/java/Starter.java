import java.util.*;

class Solution {
    /**
     * Reverse a singly linked list.
     * head is the first node of the list, or null if the list is empty.
     * Returns the first node of the reversed list (null for an empty list).
     */
    public ListNode reverseList(ListNode head) {
        return null;
    }
}
