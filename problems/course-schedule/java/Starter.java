import java.util.*;

class Solution {
    /**
     * Return true if all courses can be completed, false otherwise. Courses are labelled
     * 0 .. numCourses - 1; each pair [a, b] in prerequisites means course b must be completed
     * before course a.
     */
    public boolean canFinish(int numCourses, int[][] prerequisites) {
        return false;
    }
}
