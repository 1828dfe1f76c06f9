import java.util.*;

class Solution {
    public boolean canFinish(int numCourses, int[][] prerequisites) {
        // Kahn's algorithm over an adjacency list stored in flat arrays.
        int[] waiting = new int[numCourses]; // unfinished prerequisites per course
        int[] outDegree = new int[numCourses];
        for (int[] p : prerequisites) {
            waiting[p[0]]++;
            outDegree[p[1]]++;
        }
        int[] start = new int[numCourses + 1];
        for (int c = 0; c < numCourses; c++) start[c + 1] = start[c] + outDegree[c];
        int[] unlocks = new int[prerequisites.length];
        int[] fill = Arrays.copyOf(start, numCourses);
        for (int[] p : prerequisites) unlocks[fill[p[1]]++] = p[0];

        int[] queue = new int[numCourses];
        int tail = 0;
        for (int c = 0; c < numCourses; c++) {
            if (waiting[c] == 0) queue[tail++] = c;
        }
        for (int head = 0; head < tail; head++) {
            int c = queue[head];
            for (int k = start[c]; k < start[c + 1]; k++) {
                int next = unlocks[k];
                if (--waiting[next] == 0) queue[tail++] = next;
            }
        }
        return tail == numCourses;
    }
}
