import java.util.*;

class Solution {
    /**
     * Merge two sorted linked lists into one sorted list.
     * list1 and list2 are the heads of the lists (null if empty), each sorted non-decreasing.
     * Returns the head of the merged list (null if both are empty).
     */
    public ListNode mergeTwoLists(ListNode list1, ListNode list2) {
        return null;
    }
}
