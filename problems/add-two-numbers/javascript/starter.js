/**
 * Add two numbers stored as digit lists, least significant digit first.
 * @param {ListNode} l1 head of the first non-empty list of digits (0-9)
 * @param {ListNode} l2 head of the second non-empty list of digits (0-9)
 * @return {ListNode} head of the digit list of the sum
 */
function addTwoNumbers(l1, l2) {
  return null;
}
