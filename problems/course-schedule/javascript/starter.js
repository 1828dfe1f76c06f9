/**
 * Return true if all courses can be completed, false otherwise.
 * @param {number} numCourses number of courses, labelled 0 .. numCourses - 1
 * @param {number[][]} prerequisites pairs [a, b]: course b must be completed before course a
 * @return {boolean}
 */
function canFinish(numCourses, prerequisites) {
  return false;
}
