//! The observer on real and hostile code in each language.

use std::time::{Duration, Instant};

use crate::interviewer::server::observer::*;

fn py(code: &str) -> Insights {
    analyse(Language::Python, code)
}

fn js(code: &str) -> Insights {
    analyse(Language::Javascript, code)
}

fn java(code: &str) -> Insights {
    analyse(Language::Java, code)
}

fn complexity(insights: &Insights) -> Option<&str> {
    insights.complexity.as_deref()
}

fn has(insights: &Insights, signal: Signal) -> bool {
    insights.signals.contains(&signal)
}

const PY_TWO_SUM: &str = "\
class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        # remember what we have seen
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
        return []
";

const JS_TWO_SUM: &str = "\
/**
 * Two sum with a map.
 */
function twoSum(nums, target) {
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    const need = target - nums[i]; // the complement
    if (seen.has(need)) return [seen.get(need), i];
    seen.set(nums[i], i);
  }
  return [];
}
";

const JAVA_TWO_SUM: &str = "\
class Solution {
    public int[] twoSum(int[] nums, int target) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < nums.length; i++) {
            int need = target - nums[i];
            if (seen.containsKey(need)) {
                return new int[] { seen.get(need), i };
            }
            seen.put(nums[i], i);
        }
        return new int[0];
    }
}
";

#[test]
fn two_sum_with_a_hash_map_is_linear_in_every_language() {
    for insights in [py(PY_TWO_SUM), js(JS_TWO_SUM), java(JAVA_TWO_SUM)] {
        assert!(insights.parses, "{insights:?}");
        assert!(insights.syntax_errors.is_empty(), "{insights:?}");
        assert_eq!(complexity(&insights), Some("O(n)"), "{insights:?}");
        assert!(has(&insights, Signal::HashMap), "{insights:?}");
        assert_eq!(insights.loop_depth, 1, "{insights:?}");
        assert!(insights.recursive.is_empty(), "{insights:?}");
        assert!(!insights.suggest_run);
    }
}

#[test]
fn javascript_object_literal_used_as_a_map_is_a_hash_map() {
    let insights = js("\
var twoSum = function(nums, target) {
  const index = {};
  for (let i = 0; i < nums.length; i++) {
    if ((target - nums[i]) in index) return [index[target - nums[i]], i];
    index[nums[i]] = i;
  }
};
");
    assert!(has(&insights, Signal::HashMap), "{insights:?}");
    assert_eq!(complexity(&insights), Some("O(n)"));
}

#[test]
fn code_lines_skip_blanks_and_comments() {
    assert_eq!(py(PY_TWO_SUM).code_lines, 8);
    assert_eq!(js(JS_TWO_SUM).code_lines, 9);
    assert_eq!(java(JAVA_TWO_SUM).code_lines, 13);
    assert_eq!(js("/* a\n b */ x = 1;\n/* c */\n// d\n\n").code_lines, 1);
}

#[test]
fn nested_loops_are_quadratic_in_every_language() {
    let python = py("\
def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []
");
    let javascript = js("\
function twoSum(nums, target) {
  for (let i = 0; i < nums.length; i++) {
    for (let j = i + 1; j < nums.length; j++) {
      if (nums[i] + nums[j] === target) return [i, j];
    }
  }
  return [];
}
");
    let java_code = java(
        "\
class Solution {
    public int[] twoSum(int[] nums, int target) {
        for (int i = 0; i < nums.length; i++) {
            for (int j = i + 1; j < nums.length; j++) {
                if (nums[i] + nums[j] == target) {
                    return new int[] { i, j };
                }
            }
        }
        return null;
    }
}
",
    );
    for insights in [python, javascript, java_code] {
        assert!(insights.parses, "{insights:?}");
        assert_eq!(complexity(&insights), Some("O(n^2)"), "{insights:?}");
        assert_eq!(insights.loop_depth, 2, "{insights:?}");
        assert!(!has(&insights, Signal::TwoPointers), "{insights:?}");
    }
}

#[test]
fn loops_in_different_functions_do_not_nest() {
    let insights = py("\
def helper(xs):
    for x in xs:
        print(x)

def main(rows):
    for row in rows:
        helper(row)
");
    assert_eq!(insights.loop_depth, 1);
    assert_eq!(complexity(&insights), Some("O(n)"));
}

#[test]
fn comprehensions_and_callbacks_are_loops() {
    let python = py("def f(grid):\n    return [x for row in grid for x in row if x]\n");
    assert_eq!(python.loop_depth, 2, "{python:?}");
    let python = py("def f(xs):\n    return sum(x * x for x in xs)\n");
    assert_eq!(python.loop_depth, 1, "{python:?}");
    assert_eq!(complexity(&python), Some("O(n)"));
    let javascript = js("\
const pairs = (xs) => {
  const out = [];
  xs.forEach((a) => {
    xs.filter((b) => b > a).forEach((b) => out.push([a, b]));
  });
  return out;
};
");
    assert_eq!(javascript.loop_depth, 2, "{javascript:?}");
    assert_eq!(complexity(&javascript), Some("O(n^2)"));
    let java_code = java(
        "\
class S {
    int f(List<Integer> xs) {
        return xs.stream().filter(x -> x > 0).mapToInt(x -> x).sum();
    }
}
",
    );
    assert_eq!(java_code.loop_depth, 1, "{java_code:?}");
}

#[test]
fn starter_code_has_nothing_to_estimate() {
    let python = py("\
class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        \"\"\"Return the indices.\"\"\"
        # Write your code here
        pass
");
    let javascript = js("\
/**
 * @param {number[]} nums
 */
function twoSum(nums, target) {
  // Write your code here
}
");
    let javascript_var = js("var twoSum = function(nums, target) {\n    \n};\n");
    let java_code = java(
        "\
class Solution {
    public int[] twoSum(int[] nums, int target) {
        // Write your code here
        return null;
    }

    public int count(int[] nums) {
        return 0;
    }
}
",
    );
    for insights in [python, javascript, javascript_var, java_code] {
        assert!(insights.parses, "{insights:?}");
        assert_eq!(insights.complexity, None, "{insights:?}");
        assert!(insights.code_lines <= 9, "{insights:?}");
        assert_eq!(insights.loop_depth, 0);
        assert!(insights.signals.is_empty(), "{insights:?}");
    }
    assert_eq!(py("def f(x):\n    pass\n").code_lines, 2);
    assert_eq!(py("").complexity, None);
    assert_eq!(py("def f():\n    return []\n").complexity, None);
}

#[test]
fn straight_line_code_is_constant() {
    let insights = py("def area(w, h):\n    return w * h\n");
    assert_eq!(complexity(&insights), Some("O(1)"));
    let insights = java("class S { int f(int a) { int b = a * 2; return b + 1; } }");
    assert_eq!(complexity(&insights), Some("O(1)"));
}

#[test]
fn syntax_errors_are_located() {
    let python = py("def f(x):\n    y = x + 1\n    return (y\n\nz = 2\n");
    assert!(!python.parses);
    assert_eq!(python.syntax_errors[0].line, 3, "{python:?}");
    assert!(python.syntax_errors[0].message.contains("line 3"), "{python:?}");

    let python = py("def f(x)\n    return x\n");
    assert!(!python.parses);
    assert_eq!(python.syntax_errors[0].line, 1, "{python:?}");

    let javascript = js("function f(a) {\n  const b = 1;\n  return a +;\n}\n");
    assert!(!javascript.parses);
    assert_eq!(javascript.syntax_errors[0].line, 3, "{javascript:?}");

    let javascript = js("function f(a) {\n  if (a > 1 {\n    return a;\n  }\n}\n");
    assert!(!javascript.parses);
    assert_eq!(javascript.syntax_errors[0].line, 2, "{javascript:?}");

    let java_code = java("class S {\n  int f() {\n    int x = 1\n    return x;\n  }\n}\n");
    assert!(!java_code.parses);
    assert_eq!(
        java_code.syntax_errors,
        vec![SyntaxIssue { line: 3, column: 14, message: "Missing `;` on line 3".to_owned() }]
    );
}

#[test]
fn python_blocks_need_indentation() {
    let insights = py("def f(x):\nreturn x\n");
    assert!(!insights.parses);
    assert_eq!(
        insights.syntax_errors,
        vec![SyntaxIssue { line: 2, column: 1, message: "Expected an indented block on line 2".to_owned() }]
    );
    let nested = py("def f(xs):\n    for x in xs:\n    print(x)\n");
    assert_eq!(nested.syntax_errors[0].line, 3, "{nested:?}");
    assert!(py("class A: pass\ndef f(x): return x\n").parses);
}

#[test]
fn syntax_errors_are_capped_and_ordered() {
    let code: String = (0..40).map(|i| format!("x{i} = (\n")).collect();
    let insights = py(&code);
    assert!(!insights.parses);
    assert!(!insights.syntax_errors.is_empty() && insights.syntax_errors.len() <= MAX_SYNTAX_ERRORS);
    let lines: Vec<u32> = insights.syntax_errors.iter().map(|e| e.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);

    let code: String = (0..20).map(|i| format!("  int a{i} = 1\n")).collect();
    let insights = java(&format!("class S {{\n void f() {{\n{code} }}\n}}\n"));
    assert_eq!(insights.syntax_errors.len(), MAX_SYNTAX_ERRORS, "{insights:?}");
    assert_eq!(insights.syntax_errors[0].line, 3);
    assert_eq!(insights.syntax_errors[4].line, 7);
}

#[test]
fn naive_fibonacci_is_exponential() {
    let python = py("\
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
");
    let javascript = js("const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));\n");
    let java_code = java(
        "\
class Solution {
    public int fib(int n) {
        if (n <= 1) return n;
        return fib(n - 1) + fib(n - 2);
    }
}
",
    );
    for insights in [python, javascript, java_code] {
        assert!(insights.parses, "{insights:?}");
        assert_eq!(complexity(&insights), Some("O(2^n)"), "{insights:?}");
        assert_eq!(insights.recursive, vec!["fib".to_owned()], "{insights:?}");
    }
}

#[test]
fn memoised_fibonacci_is_linear() {
    let decorated = py("\
from functools import lru_cache

@lru_cache(maxsize=None)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
");
    assert_eq!(complexity(&decorated), Some("O(n)"), "{decorated:?}");
    assert!(has(&decorated, Signal::DpTable), "{decorated:?}");
    assert_eq!(decorated.recursive, vec!["fib".to_owned()]);

    let dictionary = py("\
class Solution:
    def climbStairs(self, n, memo=None):
        memo = {} if memo is None else memo
        if n <= 2:
            return n
        if n in memo:
            return memo[n]
        memo[n] = self.climbStairs(n - 1, memo) + self.climbStairs(n - 2, memo)
        return memo[n]
");
    assert_eq!(complexity(&dictionary), Some("O(n)"), "{dictionary:?}");
    assert_eq!(dictionary.recursive, vec!["climbStairs".to_owned()]);

    let java_code = java(
        "\
class Solution {
    Map<Integer, Integer> memo = new HashMap<>();
    int fib(int n) {
        if (n < 2) return n;
        if (memo.containsKey(n)) return memo.get(n);
        int value = fib(n - 1) + fib(n - 2);
        memo.put(n, value);
        return value;
    }
}
",
    );
    assert_eq!(complexity(&java_code), Some("O(n)"), "{java_code:?}");
}

#[test]
fn bottom_up_tables_are_dp() {
    let python = py("\
def climb(n):
    dp = [0] * (n + 1)
    dp[0] = dp[1] = 1
    for i in range(2, n + 1):
        dp[i] = dp[i - 1] + dp[i - 2]
    return dp[n]
");
    assert!(has(&python, Signal::DpTable), "{python:?}");
    assert_eq!(complexity(&python), Some("O(n)"));
    let java_code = java(
        "\
class S {
    int climb(int n) {
        int[] ways = new int[n + 1];
        ways[0] = 1;
        for (int i = 1; i <= n; i++) ways[i] = ways[i - 1] + (i > 1 ? ways[i - 2] : 0);
        return ways[n];
    }
}
",
    );
    assert!(has(&java_code, Signal::DpTable), "{java_code:?}");
    let javascript = js("function f(n) {\n  const dp = new Array(n + 1).fill(0);\n  return dp;\n}\n");
    assert!(has(&javascript, Signal::DpTable), "{javascript:?}");
}

#[test]
fn recursion_is_found_by_name() {
    let python = py("\
class Solution:
    def depth(self, node):
        if not node:
            return 0
        return 1 + max(self.depth(node.left), self.depth(node.right))

    def other(self):
        return depth(1)
");
    assert_eq!(python.recursive, vec!["depth".to_owned()]);
    assert_eq!(complexity(&python), Some("O(n)"), "{python:?}");
    assert!(has(&python, Signal::Dfs), "{python:?}");

    let javascript = js("\
class Tree {
  size(node) {
    return node ? 1 + this.size(node.left) + this.size(node.right) : 0;
  }
}
function countdown(n) {
  if (n > 0) countdown(n - 1);
}
");
    assert_eq!(javascript.recursive, vec!["countdown".to_owned(), "size".to_owned()]);
    assert_eq!(complexity(&javascript), Some("O(n)"), "{javascript:?}");
}

#[test]
fn single_recursion_is_linear_and_halving_recursion_is_logarithmic() {
    let linear = py("def total(xs, i):\n    if i == len(xs):\n        return 0\n    return xs[i] + total(xs, i + 1)\n");
    assert_eq!(complexity(&linear), Some("O(n)"), "{linear:?}");
    let search = py("\
def search(a, t, lo, hi):
    if lo > hi:
        return -1
    mid = (lo + hi) // 2
    if a[mid] == t:
        return mid
    if a[mid] < t:
        return search(a, t, mid + 1, hi)
    return search(a, t, lo, mid - 1)
");
    assert_eq!(complexity(&search), Some("O(log n)"), "{search:?}");
    assert!(has(&search, Signal::BinarySearch));
}

#[test]
fn divide_and_conquer_is_n_log_n() {
    let merge_sort = py("\
def merge_sort(a):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left = merge_sort(a[:mid])
    right = merge_sort(a[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]
");
    assert_eq!(complexity(&merge_sort), Some("O(n log n)"), "{merge_sort:?}");
    assert_eq!(merge_sort.recursive, vec!["merge_sort".to_owned()]);
}

#[test]
fn binary_search_loops_are_logarithmic() {
    let python = py("\
def search(nums, target):
    lo, hi = 0, len(nums) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
");
    let javascript = js("\
function search(nums, target) {
  let left = 0, right = nums.length - 1;
  while (left <= right) {
    const mid = left + ((right - left) >> 1);
    if (nums[mid] === target) return mid;
    if (nums[mid] < target) left = mid + 1; else right = mid - 1;
  }
  return -1;
}
");
    let java_code = java(
        "\
class Solution {
    public int search(int[] nums, int target) {
        int lo = 0, hi = nums.length - 1;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (nums[mid] < target) lo = mid + 1; else hi = mid;
        }
        return nums[lo] == target ? lo : -1;
    }
}
",
    );
    for insights in [python, javascript, java_code] {
        assert!(insights.parses, "{insights:?}");
        assert_eq!(complexity(&insights), Some("O(log n)"), "{insights:?}");
        assert!(has(&insights, Signal::BinarySearch), "{insights:?}");
        assert!(!has(&insights, Signal::TwoPointers), "{insights:?}");
        assert_eq!(insights.loop_depth, 1);
    }
}

#[test]
fn binary_search_inside_a_loop_is_n_log_n() {
    let insights = py("\
def count(queries, nums):
    out = []
    for q in queries:
        lo, hi = 0, len(nums)
        while lo < hi:
            mid = (lo + hi) // 2
            if nums[mid] < q:
                lo = mid + 1
            else:
                hi = mid
        out.append(lo)
    return out
");
    assert_eq!(complexity(&insights), Some("O(n log n)"), "{insights:?}");
    assert_eq!(insights.loop_depth, 2);
    let library = py("import bisect\ndef f(xs, qs):\n    return [bisect.bisect_left(xs, q) for q in qs]\n");
    assert_eq!(complexity(&library), Some("O(n log n)"), "{library:?}");
    assert!(has(&library, Signal::BinarySearch));
    let halving =
        py("def bits(n):\n    count = 0\n    while n > 0:\n        n //= 2\n        count += 1\n    return count\n");
    assert_eq!(complexity(&halving), Some("O(log n)"), "{halving:?}");
    assert!(!has(&halving, Signal::BinarySearch));
}

#[test]
fn sorting_then_two_pointers_is_n_log_n() {
    let python = py("\
def has_pair(nums, target):
    nums.sort()
    left, right = 0, len(nums) - 1
    while left < right:
        total = nums[left] + nums[right]
        if total == target:
            return True
        if total < target:
            left += 1
        else:
            right -= 1
    return False
");
    let javascript = js("\
function hasPair(nums, target) {
  const a = [...nums].sort((x, y) => x - y);
  let i = 0;
  let j = a.length - 1;
  while (i < j) {
    const s = a[i] + a[j];
    if (s === target) return true;
    if (s < target) i++;
    else j--;
  }
  return false;
}
");
    let java_code = java(
        "\
class Solution {
    boolean hasPair(int[] nums, int target) {
        Arrays.sort(nums);
        for (int i = 0, j = nums.length - 1; i < j; ) {
            int s = nums[i] + nums[j];
            if (s == target) return true;
            if (s < target) i++; else j--;
        }
        return false;
    }
}
",
    );
    for insights in [python, javascript, java_code] {
        assert!(insights.parses, "{insights:?}");
        assert_eq!(complexity(&insights), Some("O(n log n)"), "{insights:?}");
        assert!(has(&insights, Signal::Sorting), "{insights:?}");
        assert!(has(&insights, Signal::TwoPointers), "{insights:?}");
    }
    let sorted_quadratic = py("def f(a):\n    a = sorted(a)\n    for x in a:\n        for y in a:\n            pass\n");
    assert_eq!(complexity(&sorted_quadratic), Some("O(n^2)"));
}

#[test]
fn breadth_first_search_is_found() {
    let python = py("\
from collections import deque

def bfs(graph, start):
    seen = {start}
    queue = deque([start])
    order = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return order
");
    assert!(has(&python, Signal::Bfs), "{python:?}");
    assert!(has(&python, Signal::HashMap), "{python:?}");
    assert!(!has(&python, Signal::Stack), "{python:?}");
    let javascript = js("\
function bfs(adj, s) {
  const queue = [s];
  const seen = new Set([s]);
  while (queue.length) {
    const u = queue.shift();
    for (const v of adj[u]) if (!seen.has(v)) { seen.add(v); queue.push(v); }
  }
}
");
    assert!(has(&javascript, Signal::Bfs), "{javascript:?}");
    let java_code = java(
        "\
class S {
    void bfs(List<List<Integer>> adj) {
        Queue<Integer> q = new ArrayDeque<>();
        q.offer(0);
        while (!q.isEmpty()) {
            int u = q.poll();
            for (int v : adj.get(u)) q.offer(v);
        }
    }
}
",
    );
    assert!(has(&java_code, Signal::Bfs), "{java_code:?}");
    assert!(!has(&java_code, Signal::Heap), "{java_code:?}");
}

#[test]
fn heaps_are_found() {
    let python = py("\
import heapq

def kth_largest(nums, k):
    heap = []
    for x in nums:
        heapq.heappush(heap, x)
        if len(heap) > k:
            heapq.heappop(heap)
    return heap[0]
");
    assert!(has(&python, Signal::Heap), "{python:?}");
    assert_eq!(complexity(&python), Some("O(n log n)"), "{python:?}");
    let java_code = java(
        "\
class S {
    int kth(int[] nums, int k) {
        PriorityQueue<Integer> pq = new PriorityQueue<>();
        for (int x : nums) { pq.offer(x); if (pq.size() > k) pq.poll(); }
        return pq.peek();
    }
}
",
    );
    assert!(has(&java_code, Signal::Heap), "{java_code:?}");
    assert!(!has(&java_code, Signal::Bfs), "{java_code:?}");
    assert_eq!(complexity(&java_code), Some("O(n log n)"), "{java_code:?}");
    let javascript = js("\
class MinHeap {
  constructor() { this.a = []; }
  push(x) { this.a.push(x); this.siftUp(this.a.length - 1); }
  siftUp(i) { }
}
");
    assert!(has(&javascript, Signal::Heap), "{javascript:?}");
}

#[test]
fn stacks_are_found() {
    let python = py("\
def is_valid(s):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for ch in s:
        if ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
        else:
            stack.append(ch)
    return not stack
");
    assert!(has(&python, Signal::Stack), "{python:?}");
    assert!(!has(&python, Signal::Bfs), "{python:?}");
    assert_eq!(complexity(&python), Some("O(n)"));
    let javascript = js("\
function isValid(s) {
  const open = [];
  for (const c of s) {
    if (c === '(') open.push(c);
    else if (open.pop() !== '(') return false;
  }
  return open.length === 0;
}
");
    assert!(has(&javascript, Signal::Stack), "{javascript:?}");
    let java_code = java(
        "\
class S {
    boolean valid(String s) {
        Deque<Character> st = new ArrayDeque<>();
        for (char c : s.toCharArray()) {
            if (c == '(') st.push(c); else if (st.isEmpty() || st.pop() != '(') return false;
        }
        return st.isEmpty();
    }
}
",
    );
    assert!(has(&java_code, Signal::Stack), "{java_code:?}");
    let backtracking = py("\
def subsets(nums):
    out, path = [], []
    def go(i):
        if i == len(nums):
            out.append(path[:])
            return
        path.append(nums[i])
        go(i + 1)
        path.pop()
        go(i + 1)
    go(0)
    return out
");
    assert!(!has(&backtracking, Signal::Stack), "{backtracking:?}");
    assert_eq!(complexity(&backtracking), Some("O(2^n)"), "{backtracking:?}");
}

#[test]
fn depth_first_search_is_found() {
    let recursive = py("\
def count_islands(grid):
    def dfs(r, c):
        if r < 0 or c < 0 or r >= len(grid) or c >= len(grid[0]) or grid[r][c] != '1':
            return
        grid[r][c] = '0'
        dfs(r + 1, c)
        dfs(r - 1, c)
        dfs(r, c + 1)
        dfs(r, c - 1)
    count = 0
    for r in range(len(grid)):
        for c in range(len(grid[0])):
            if grid[r][c] == '1':
                dfs(r, c)
                count += 1
    return count
");
    assert!(has(&recursive, Signal::Dfs), "{recursive:?}");
    assert_eq!(recursive.recursive, vec!["dfs".to_owned()]);
    assert_ne!(complexity(&recursive), Some("O(2^n)"), "{recursive:?}");
    let iterative = js("\
function visit(graph, start) {
  const stack = [start];
  const seen = new Set();
  while (stack.length) {
    const node = stack.pop();
    if (seen.has(node)) continue;
    seen.add(node);
    for (const next of graph[node]) stack.push(next);
  }
}
");
    assert!(has(&iterative, Signal::Dfs), "{iterative:?}");
    assert!(has(&iterative, Signal::Stack), "{iterative:?}");
}

#[test]
fn hostile_inputs_do_not_panic_and_finish_fast() {
    let mut inputs: Vec<(Language, String)> = Vec::new();
    let mut random = String::with_capacity(50_000);
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    while random.len() < 50_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        random.push(char::from(b' ' + u8::try_from(state % 95).unwrap_or(0)));
        if state.is_multiple_of(17) {
            random.push('\n');
        }
    }
    let nested_if: String = (0..10_000).map(|_| "if x:\n").collect();
    let indented: String = (0..450).map(|i| format!("{}for a{i} in b:\n", " ".repeat(i))).collect();
    let js_loops = format!("function f() {{ {} }}", "for(;;){".repeat(10_000));
    let java_loops = format!("class S {{ void f() {{ {} }} }}", "for(;;){".repeat(10_000));
    let java_nested = format!("class S {{ void f() {{ {}{} }} }}", "while(a<b){".repeat(10_000), "}".repeat(10_000));
    let closed = format!("x = {}1{}", "(".repeat(10_000), ")".repeat(10_000));
    for language in [Language::Python, Language::Javascript, Language::Java] {
        for code in ["", "\0\0\0", "\u{feff}\u{202e}é", &"(".repeat(10_000), &"{[".repeat(25_000), &random] {
            inputs.push((language, code.to_owned()));
        }
    }
    inputs.push((Language::Python, nested_if));
    inputs.push((Language::Python, indented));
    inputs.push((Language::Python, closed));
    inputs.push((Language::Javascript, js_loops));
    inputs.push((Language::Java, java_loops));
    inputs.push((Language::Java, java_nested));
    inputs.push((Language::Python, "x".repeat(MAX_CODE_BYTES + 1)));
    for (language, code) in &inputs {
        let start = Instant::now();
        let insights = analyse(*language, code);
        let elapsed = start.elapsed();
        // Not a speed target (the observer's speed is a benchmark's business): a bound far
        // above any honest run, that only a quadratic blow-up or a hang would cross, even on a
        // loaded CI machine.
        assert!(elapsed < Duration::from_secs(15), "{language:?} input of {} bytes took {elapsed:?}", code.len());
        assert!(insights.syntax_errors.len() <= MAX_SYNTAX_ERRORS);
        assert_eq!(insights.parses, insights.syntax_errors.is_empty());
    }
    assert!(analyse(Language::Python, "").parses);
    assert!(!analyse(Language::Python, &"(".repeat(10_000)).parses);
}

#[test]
fn deep_loop_nesting_is_counted() {
    // As deep as code under the size limit can nest (9 bytes a level).
    let depth = 5_000;
    let insights = js(&format!("function f() {{ {}{} }}", "for(;;){".repeat(depth), "}".repeat(depth)));
    assert!(insights.parses, "{:?}", insights.syntax_errors);
    assert_eq!(insights.loop_depth, 5_000);
    assert_eq!(complexity(&insights), Some("O(n^5000)"));
    let python: String = (0..200).map(|i| format!("{}for a{i} in b:\n", " ".repeat(i))).collect();
    let insights = py(&format!("{python}{}pass\n", " ".repeat(200)));
    assert!(insights.parses, "{:?}", insights.syntax_errors);
    assert_eq!(insights.loop_depth, 200);
}

#[test]
fn amortised_inner_loops_do_not_multiply() {
    let window = py("\
def longest(s):
    seen = set()
    left = best = 0
    for right, ch in enumerate(s):
        while ch in seen:
            seen.remove(s[left])
            left += 1
        seen.add(ch)
        best = max(best, right - left + 1)
    return best
");
    assert_eq!(window.loop_depth, 2);
    assert_eq!(complexity(&window), Some("O(n)"), "{window:?}");
    let monotonic = py("\
def warmer(t):
    res = [0] * len(t)
    stack = []
    for i, x in enumerate(t):
        while stack and t[stack[-1]] < x:
            j = stack.pop()
            res[j] = i - j
        stack.append(i)
    return res
");
    assert_eq!(complexity(&monotonic), Some("O(n)"), "{monotonic:?}");
    assert!(has(&monotonic, Signal::Stack));
    let graph = java(
        "\
class S {
    int reach(List<List<Integer>> adj, int s) {
        Queue<Integer> q = new LinkedList<>();
        boolean[] seen = new boolean[adj.size()];
        q.add(s);
        int n = 0;
        while (!q.isEmpty()) {
            int u = q.poll();
            n++;
            for (int v : adj.get(u)) if (!seen[v]) { seen[v] = true; q.add(v); }
        }
        return n;
    }
}
",
    );
    assert_eq!(complexity(&graph), Some("O(n)"), "{graph:?}");
    assert!(has(&graph, Signal::Bfs));
    let three_sum = py("\
def three_sum(nums):
    nums.sort()
    res = []
    for i in range(len(nums)):
        l, r = i + 1, len(nums) - 1
        while l < r:
            s = nums[i] + nums[l] + nums[r]
            if s < 0:
                l += 1
            elif s > 0:
                r -= 1
            else:
                res.append((nums[i], nums[l], nums[r]))
                l += 1
                r -= 1
    return res
");
    assert_eq!(complexity(&three_sum), Some("O(n^2)"), "{three_sum:?}");
    assert!(has(&three_sum, Signal::TwoPointers) && has(&three_sum, Signal::Sorting));
    let restarted = py("def f(n):\n    for i in range(n):\n        k = n\n        while k > 0:\n            k -= 1\n");
    assert_eq!(complexity(&restarted), Some("O(n^2)"), "{restarted:?}");
}

#[test]
fn every_prefix_of_real_code_is_handled() {
    let samples = [(Language::Python, PY_TWO_SUM), (Language::Javascript, JS_TWO_SUM), (Language::Java, JAVA_TWO_SUM)];
    for (language, code) in samples {
        for (end, _) in code.char_indices() {
            let prefix = &code[..end];
            let insights = analyse(language, prefix);
            assert!(insights.syntax_errors.len() <= MAX_SYNTAX_ERRORS);
            assert_eq!(insights.parses, insights.syntax_errors.is_empty());
            let spliced = format!("{prefix}\u{0}({{[\"'`/*{}", &code[end..]);
            let _ = analyse(language, &spliced);
        }
    }
}

#[test]
fn analysis_is_deterministic() {
    let samples = [
        (Language::Python, PY_TWO_SUM),
        (Language::Javascript, JS_TWO_SUM),
        (Language::Java, JAVA_TWO_SUM),
        (Language::Python, "def f(:\n  x = [\n"),
    ];
    for (language, code) in samples {
        assert_eq!(analyse(language, code), analyse(language, code));
    }
}

#[test]
fn big_o_is_formatted() {
    let cost = |n_power, log_power| Cost { n_power, log_power }.big_o();
    assert_eq!(cost(0, 0), "O(1)");
    assert_eq!(cost(0, 1), "O(log n)");
    assert_eq!(cost(1, 0), "O(n)");
    assert_eq!(cost(1, 1), "O(n log n)");
    assert_eq!(cost(3, 0), "O(n^3)");
    assert_eq!(cost(2, 1), "O(n^2 log n)");
    assert_eq!(cost(0, 2), "O(log^2 n)");
}
