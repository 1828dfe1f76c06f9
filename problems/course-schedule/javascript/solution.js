function canFinish(numCourses, prerequisites) {
  // Kahn's algorithm: repeatedly take a course whose prerequisites are all done.
  const unlocks = Array.from({ length: numCourses }, () => []);
  const waiting = new Int32Array(numCourses); // unfinished prerequisites per course
  for (const [course, before] of prerequisites) {
    unlocks[before].push(course);
    waiting[course]++;
  }
  const queue = [];
  for (let c = 0; c < numCourses; c++) {
    if (waiting[c] === 0) queue.push(c);
  }
  for (let head = 0; head < queue.length; head++) {
    for (const next of unlocks[queue[head]]) {
      waiting[next]--;
      if (waiting[next] === 0) queue.push(next);
    }
  }
  return queue.length === numCourses;
}
