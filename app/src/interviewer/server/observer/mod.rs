//! The code observer: a static, deterministic look at a candidate's code.
//!
//! The code is parsed with tree-sitter and its syntax tree is walked once, iteratively, to collect
//! facts: syntax errors, loops and how they nest, calls, declarations and assignments. Fixed rules
//! then turn those facts into [`Insights`]. The code is never run, and the same code always gives
//! the same insights.
//!
//! The time complexity is an estimate:
//! - `None` when no function body does more than `pass`, comments, a docstring, a `raise`/`throw`
//!   or a return of a literal or an empty collection, and no loop exists (starter code).
//! - `O(2^n)` when a function calls itself at least twice in one invocation (not in different arms
//!   of one conditional, not both as the returned value) on parameters shifted by a constant
//!   (`n - 1`, `i + 1`, `s[1:]`), and nothing caches results or records visits.
//! - Otherwise each loop level costs `n`, a binary-search loop (`while lo < hi` computing a
//!   midpoint) or an in-place halving loop costs `log n`, and an inner loop that is amortised over
//!   its outer loop costs nothing extra: a `for` over one node's neighbours or children, a `while`
//!   that moves a pointer the outer loop never resets (a sliding window), or a loop draining a
//!   container it checks (a monotonic stack, a BFS level). The deepest chain of loop costs wins.
//! - Recursion adds at least `n` (one self-call), `log n` (halving, one self-call per
//!   invocation), `n log n` (two calls on parts: merge sort, quicksort), or `n^k` for memoised
//!   recursion on `k` shifting parameters. Calls that cost `log n` (`heappush`, `bisect`,
//!   `PriorityQueue.offer`) multiply the loops they run in; a sort raises the total to at least
//!   `n log n`.

mod estimate;
mod java;
mod javascript;
mod python;
#[cfg(test)]
mod tests;
mod walker;

use std::collections::{BTreeSet, HashMap, HashSet};

use tree_sitter::{Node, Parser, Tree};

use crate::domain::{Language, MAX_CODE_BYTES};
use crate::interviewer::types::{Insights, Signal, SyntaxIssue};

/// The most syntax errors reported for one version of the code.
const MAX_SYNTAX_ERRORS: usize = 5;
/// The most self-calls kept per function for the branching-recursion check.
const MAX_SELF_CALLS: usize = 16;
/// The most names kept per small name list (loop counters, parameters).
const MAX_NAMES: usize = 16;

/// Analyses `code` written in `language` without running it.
///
/// Never panics. Code that cannot be parsed at all gives `parses == false` and a single syntax
/// issue on line 1. `suggest_run` is always `false`: the caller decides it.
pub fn analyse(language: Language, code: &str) -> Insights {
    let code_lines = count_code_lines(language, code);
    if code.len() > MAX_CODE_BYTES {
        return unparsed(code_lines, "The code is too long to analyse.");
    }
    let Some(tree) = parse(language, code) else {
        return unparsed(code_lines, "The code could not be parsed.");
    };
    let mut walker = Walker::new(language, code);
    walker.walk(&tree);
    let mut insights = walker.finish(code_lines);
    if language == Language::Python && insights.parses {
        if let Some(line) = python::unexpected_indent(code) {
            // Python refuses the file before it runs: the error comes before any estimate.
            let message = format!("Unexpected indent on line {line}");
            insights.parses = false;
            insights.syntax_errors.insert(0, SyntaxIssue { line, column: 1, message });
        }
    }
    if !insights.parses {
        // Code that does not parse does not run: its error (with its line) is what to report,
        // not a guess at how fast it would be.
        insights.complexity = None;
    }
    insights
}

/// Insights for code that could not be parsed at all.
fn unparsed(code_lines: u32, message: &str) -> Insights {
    Insights {
        parses: false,
        syntax_errors: vec![SyntaxIssue { line: 1, column: 1, message: message.to_owned() }],
        loop_depth: 0,
        recursive: Vec::new(),
        complexity: None,
        signals: Vec::new(),
        code_lines,
        suggest_run: false,
    }
}

/// Parses `code` with a parser made for this call.
fn parse(language: Language, code: &str) -> Option<Tree> {
    let grammar: tree_sitter::Language = match language {
        Language::Python => python::grammar(),
        Language::Javascript => javascript::grammar(),
        Language::Java => java::grammar(),
    };
    let mut parser = Parser::new();
    parser.set_language(&grammar).ok()?;
    parser.parse(code, None)
}

/// Counts the lines that hold something other than blanks and comments.
///
/// An approximation: comment markers inside strings are taken for comments.
fn count_code_lines(language: Language, code: &str) -> u32 {
    let mut count: u32 = 0;
    let mut in_block = false;
    for line in code.lines() {
        let line = line.trim();
        let has_code = match language {
            Language::Python => python::is_code_line(line),
            Language::Javascript | Language::Java => is_c_style_code_line(line, &mut in_block),
        };
        if has_code {
            count = count.saturating_add(1);
        }
    }
    count
}

/// Whether a trimmed line holds code, with `//` and `/* */` comments; `in_block` carries an open
/// block comment from line to line.
fn is_c_style_code_line(line: &str, in_block: &mut bool) -> bool {
    let mut rest = line;
    loop {
        if *in_block {
            match rest.split_once("*/") {
                Some((_, after)) => {
                    *in_block = false;
                    rest = after.trim_start();
                }
                None => break false,
            }
        } else if rest.is_empty() || rest.starts_with("//") {
            break false;
        } else if let Some(after) = rest.strip_prefix("/*") {
            *in_block = true;
            rest = after;
        } else {
            break true;
        }
    }
}

/// A time cost `n^n_power * log(n)^log_power`; the derived order compares the power of `n` first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    n_power: u32,
    log_power: u32,
}

impl Cost {
    const LINEAR: Cost = Cost { n_power: 1, log_power: 0 };
    const LOG: Cost = Cost { n_power: 0, log_power: 1 };
    const N_LOG_N: Cost = Cost { n_power: 1, log_power: 1 };

    fn times(self, other: Cost) -> Cost {
        Cost {
            n_power: self.n_power.saturating_add(other.n_power),
            log_power: self.log_power.saturating_add(other.log_power),
        }
    }

    /// Big-O notation, e.g. `O(n^2 log n)`.
    fn big_o(self) -> String {
        let n_part = match self.n_power {
            0 => String::new(),
            1 => "n".to_owned(),
            k => format!("n^{k}"),
        };
        let log_part = match self.log_power {
            0 => String::new(),
            1 => "log n".to_owned(),
            k => format!("log^{k} n"),
        };
        match (n_part.is_empty(), log_part.is_empty()) {
            (true, true) => "O(1)".to_owned(),
            (false, true) => format!("O({n_part})"),
            (true, false) => format!("O({log_part})"),
            (false, false) => format!("O({n_part} {log_part})"),
        }
    }
}

/// One loop level found in the code.
#[derive(Debug, Default)]
struct LoopFacts {
    /// The enclosing loop in the same function.
    parent: Option<usize>,
    /// Nesting depth, 1 for an outermost loop.
    depth: u32,
    /// A `while` (or `do`) loop.
    is_while: bool,
    /// The condition compares two variables with `<`, `<=`, `>` or `>=`.
    compares_two_variables: bool,
    /// The body computes a midpoint (`/ 2`, `// 2`, `>> 1`, `>>> 1`).
    computes_mid: bool,
    /// The body divides a variable in place (`//= 2`, `>>= 1`): a logarithmic loop.
    divides_in_place: bool,
    /// A `for` loop over a node's neighbours or children (`graph[u]`, `adj.get(u)`, `node.children`).
    over_neighbours: bool,
    /// Containers popped in the body (`stack.pop()`, `queue.popleft()`).
    popped: Vec<String>,
    /// Identifiers read in the condition (or, for a `for` loop, in what it iterates over).
    condition_names: Vec<String>,
    /// Variables stepped forward by one.
    incremented: Vec<String>,
    /// Variables stepped backward by one.
    decremented: Vec<String>,
}

impl LoopFacts {
    fn is_binary_search(&self) -> bool {
        self.is_while && self.compares_two_variables && self.computes_mid
    }

    fn is_logarithmic(&self) -> bool {
        self.is_binary_search() || (self.is_while && self.divides_in_place)
    }

    /// Amortised inside its parent loop `parent_assigned` (the names its parent loop assigns):
    /// neighbours of one node, a window edge that is never reset, or pops from a container that
    /// the condition checks. Each element is handled once over the whole outer loop.
    fn is_amortised(&self, parent_assigned: impl Fn(&str) -> bool) -> bool {
        if self.parent.is_none() {
            return false;
        }
        if self.over_neighbours {
            return true;
        }
        let drains = self.popped.iter().any(|name| self.condition_names.contains(name) && !parent_assigned(name));
        if drains {
            return true;
        }
        if !self.is_while {
            return false;
        }
        let mut stepped = self.incremented.iter().chain(&self.decremented);
        let restarts = stepped.clone().any(|name| self.condition_names.contains(name) && parent_assigned(name));
        let carries_on = stepped.any(|name| !parent_assigned(name));
        carries_on && !restarts
    }

    fn moves_two_pointers(&self) -> bool {
        self.incremented.iter().any(|up| {
            self.condition_names.contains(up)
                && self.decremented.iter().any(|down| down != up && self.condition_names.contains(down))
        })
    }
}

/// A call of a function to itself.
#[derive(Debug)]
struct SelfCall {
    /// Innermost branch arm the call sits in (index into `Walker::branches`).
    branch: Option<usize>,
    /// The call is the whole value of a `return`.
    returned: bool,
    /// An argument is a field of something (`node.left`): a walk over a structure.
    structural: bool,
    /// Parameters passed on shifted by a constant (`n - 1`, `i + 1`, `s[1:]`).
    shrinking: Vec<String>,
}

/// A named function or method.
#[derive(Debug, Default)]
struct FuncFacts {
    name: String,
    params: Vec<String>,
    self_calls: Vec<SelfCall>,
    self_call_count: u32,
    /// Some self-call sits inside a loop.
    self_call_in_loop: bool,
    /// Some self-call walks a tree (`node.left`, `node.children`).
    self_call_on_children: bool,
    /// The function computes a midpoint.
    halves: bool,
    /// The function indexes with a midpoint (`a[mid]`).
    indexes_mid: bool,
    /// The function stores results or marks visits (subscript assignment, `memo.put`, `seen.add`).
    stores: bool,
}

/// One arm of a conditional: the arm `arm` of the branching node `node`.
#[derive(Debug, Clone, Copy)]
struct BranchStep {
    parent: Option<usize>,
    node: usize,
    arm: u32,
}

/// How a function's recursion grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recursion {
    /// One self-call per invocation: linear depth.
    Linear,
    /// One self-call per invocation on half the input.
    Halving,
    /// Two calls on parts of the input (divide and conquer).
    DivideAndConquer,
    /// Two or more calls on inputs shrunk by a constant: exponential.
    Exponential,
    /// Exponential shape, but results are cached: one call per state.
    Memoised(u32),
}

/// Facts that hold in the part of the tree being walked.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx<'t> {
    /// Innermost named function.
    func: Option<usize>,
    /// Innermost loop in that function.
    in_loop: Option<usize>,
    /// Innermost branch arm.
    branch: Option<usize>,
    /// The loop whose condition this is.
    condition_of: Option<usize>,
    /// Inside an ERROR node: nested ERROR nodes are not reported again.
    in_error: bool,
    /// The name this function node is bound to (`const f = () => ...`).
    bound_name: Option<Node<'t>>,
    /// For an `arguments` node: function arguments run once per element of this loop.
    callback_loop: Option<usize>,
}

impl Ctx<'_> {
    /// The context handed down by default: one-shot fields cleared.
    fn inherited(self) -> Self {
        Ctx { bound_name: None, callback_loop: None, ..self }
    }
}

/// How a node's children get their context.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Arms {
    #[default]
    None,
    /// Arms are the `consequence` and `alternative` fields.
    Fields,
    /// Python `a if c else b`: named children 0 and 2.
    Positional,
}

/// What a visited node tells its children.
#[derive(Debug, Clone, Copy)]
struct Plan<'t> {
    inner: Ctx<'t>,
    outer: Ctx<'t>,
    /// Fields evaluated once, outside the loop that this node is.
    outside: &'static [&'static str],
    /// The loop created by this node and its condition field.
    condition: Option<(&'static str, usize)>,
    arms: Arms,
    /// A callback loop for the `arguments` child.
    arguments_loop: Option<usize>,
    /// Function children of this `arguments` node run inside this loop.
    callbacks_in: Option<usize>,
    /// The name bound to the `value` child.
    value_name: Option<Node<'t>>,
}

impl<'t> Plan<'t> {
    fn new(ctx: Ctx<'t>) -> Self {
        let base = ctx.inherited();
        Plan {
            inner: base,
            outer: base,
            outside: &[],
            condition: None,
            arms: Arms::None,
            arguments_loop: None,
            callbacks_in: None,
            value_name: None,
        }
    }
}

/// How one variable is used as a container, and whether its name says stack or queue.
struct ContainerUse {
    /// Bit flags from [`uses`].
    flags: u32,
    stack_like: bool,
    queue_like: bool,
}

impl ContainerUse {
    fn new(name: &str, flags: u32) -> Self {
        let lower = name.to_ascii_lowercase();
        ContainerUse {
            flags,
            stack_like: lower.contains("stack") || matches!(lower.as_str(), "stk" | "st"),
            queue_like: lower.contains("queue") || matches!(lower.as_str(), "q" | "dq"),
        }
    }

    fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    /// Popped in a loop the way a stack is: the popped value used, the top peeked, or a stack's name.
    fn pops_as_stack(&self) -> bool {
        self.has(uses::POP_IN_LOOP) && (self.has(uses::POP_USED) || self.has(uses::PEEK) || self.stack_like)
    }
}

/// Uses of one variable as a container, as bit flags.
mod uses {
    pub const APPEND: u32 = 1;
    pub const PUSH: u32 = 1 << 1;
    pub const POP: u32 = 1 << 2;
    pub const POP_IN_LOOP: u32 = 1 << 3;
    pub const POP_USED: u32 = 1 << 4;
    pub const PEEK: u32 = 1 << 5;
    pub const POP_FRONT: u32 = 1 << 6;
    pub const POPLEFT: u32 = 1 << 7;
    pub const SHIFT: u32 = 1 << 8;
    pub const POLL: u32 = 1 << 9;
}

/// Names that suggest a graph or a tree.
const GRAPH_WORDS: &[&str] =
    &["graph", "adj", "adjacency", "adj_list", "adjlist", "neighbors", "neighbours", "neighbor", "neighbour", "edges"];
/// Names of a custom heap's helpers.
const HEAP_HELPERS: &[&str] = &[
    "siftup",
    "siftdown",
    "sift_up",
    "sift_down",
    "heapify",
    "bubbleup",
    "bubbledown",
    "bubble_up",
    "bubble_down",
    "percolate",
];

/// Walks one syntax tree and collects facts.
struct Walker<'s> {
    language: Language,
    src: &'s str,
    /// Lines in `src`, counting a last line without a newline.
    line_count: u32,
    errors: Vec<SyntaxIssue>,
    loops: Vec<LoopFacts>,
    funcs: Vec<FuncFacts>,
    branches: Vec<BranchStep>,
    /// Calls that cost more than a constant, with the loop they run in.
    costly_calls: Vec<(Option<usize>, Cost)>,
    /// Some function body or loop has real work: there is something to estimate.
    has_work: bool,
    sorting: bool,
    /// Results are cached or visits are recorded somewhere in the code.
    memoised: bool,
    /// Names that suggest a graph or a tree appear.
    graph_like: bool,
    signals: BTreeSet<Signal>,
    container_uses: HashMap<String, u32>,
    /// Java: declared type of each variable.
    declared_types: HashMap<String, String>,
    /// Java: calls that cost `log n` on a priority queue, by receiver.
    queue_calls: Vec<(String, Option<usize>)>,
    /// JavaScript: variables initialised with an object literal.
    object_vars: HashSet<String>,
    /// JavaScript: variables used with `in` or bracket assignment.
    keyed_vars: HashSet<String>,
    /// Variables allocated as tables (`[0] * (n + 1)`, `new int[n + 1]`).
    table_vars: HashSet<String>,
    /// Variables indexed with `[i - 1]`.
    prev_indexed: HashSet<String>,
    /// Names assigned with `=` (or declared) directly in each loop.
    loop_assigned: HashSet<(usize, String)>,
}

/// The callee of a call, as far as the observer needs it.
struct CallShape<'s, 't> {
    /// The function or method name.
    name: &'s str,
    /// What the method is called on, if anything.
    object: Option<Node<'t>>,
    /// The variable the method is called on, if it is a plain one (or a field of `self`/`this`).
    receiver: Option<&'s str>,
    /// A plain call `f(...)` or a call on `self`/`this`.
    plain_or_self: bool,
    /// A call on `self`/`this`.
    via_self: bool,
    arguments: Option<Node<'t>>,
}

fn is_comment(kind: &str) -> bool {
    matches!(kind, "comment" | "line_comment" | "block_comment")
}

fn is_anonymous_function(kind: &str) -> bool {
    matches!(kind, "lambda" | "arrow_function" | "function_expression" | "generator_function" | "lambda_expression")
}

/// Names of tables that hold sub-results.
fn is_table_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("dp") || lower.contains("memo") || lower == "table"
}

/// Names of caches and visit records, which stop recursion from repeating work.
fn is_prune_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("dp")
        || lower.contains("memo")
        || lower.contains("cache")
        || lower.contains("visit")
        || lower.contains("seen")
}

/// Names of adjacency lists and child lists.
fn is_neighbour_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("adj")
        || lower.contains("graph")
        || lower.contains("neighbo")
        || lower == "children"
        || lower == "g"
}

/// Adds `name` to a short list of distinct names.
fn push_name(names: &mut Vec<String>, name: &str) {
    if names.len() < MAX_NAMES && !names.iter().any(|n| n == name) {
        names.push(name.to_owned());
    }
}

/// The node inside any number of parentheses.
fn unwrap_parentheses(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match single_named_child(node) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The only named child that is not a comment.
fn single_named_child(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let mut children = node.named_children(&mut cursor).filter(|n| !is_comment(n.kind()));
    let first = children.next()?;
    children.next().is_none().then_some(first)
}

/// The first named child that is not a comment.
fn first_named(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let first = node.named_children(&mut cursor).find(|n| !is_comment(n.kind()));
    first
}

/// Named children that are not comments.
fn count_named(node: Node<'_>) -> usize {
    let mut cursor = node.walk();
    let count = node.named_children(&mut cursor).filter(|n| !is_comment(n.kind())).count();
    count
}
