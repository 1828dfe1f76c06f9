/**
 * Return the middle node of a non-empty linked list (the second middle node when the length
 * is even).
 * @param {ListNode} head the first node of the list (never null)
 * @return {ListNode} the middle node
 */
function middleNode(head) {
  return null;
}
