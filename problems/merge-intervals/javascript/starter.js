/**
 * Merge all overlapping (or touching) intervals.
 * @param {number[][]} intervals a non-empty array of [start, end] pairs, start <= end, any order
 * @return {number[][]} merged [start, end] pairs, sorted by start, none overlapping or touching
 */
function merge(intervals) {
  return [];
}
