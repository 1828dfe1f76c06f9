/**
 * Remove the n-th node from the end of a linked list.
 * @param {ListNode} head the first node of a non-empty list
 * @param {number} n position counted from the end (1 = last node), 1 <= n <= length
 * @return {ListNode|null} the first node of the resulting list (null if it became empty)
 */
function removeNthFromEnd(head, n) {
  return null;
}
