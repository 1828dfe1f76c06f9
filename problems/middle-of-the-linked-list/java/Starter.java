import java.util.*;

class Solution {
    /**
     * Return the middle node of a non-empty linked list (the second middle node when the
     * length is even). head is the first node of the list and is never null.
     */
    public ListNode middleNode(ListNode head) {
        return null;
    }
}
