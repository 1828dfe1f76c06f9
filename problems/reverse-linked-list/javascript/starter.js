/**
 * Reverse a singly linked list.
 * @param {ListNode|null} head the first node of the list, or null if it is empty
 * @return {ListNode|null} the first node of the reversed list (null for an empty list)
 */
function reverseList(head) {
  return null;
}
