/**
 * Merge two sorted linked lists into one sorted list.
 * @param {ListNode|null} list1 head of the first list (null if empty), sorted non-decreasing
 * @param {ListNode|null} list2 head of the second list (null if empty), sorted non-decreasing
 * @return {ListNode|null} head of the merged list (null if both are empty)
 */
function mergeTwoLists(list1, list2) {
  return null;
}
