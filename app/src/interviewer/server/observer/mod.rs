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
/// The most calls on possible priority queues kept (Java).
const MAX_QUEUE_CALLS: usize = 1024;

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
    walker.finish(code_lines)
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
        Language::Python => tree_sitter_python::LANGUAGE.into(),
        Language::Javascript => tree_sitter_javascript::LANGUAGE.into(),
        Language::Java => tree_sitter_java::LANGUAGE.into(),
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
            Language::Python => !line.is_empty() && !line.starts_with('#'),
            Language::Javascript | Language::Java => {
                let mut rest = line;
                loop {
                    if in_block {
                        match rest.split_once("*/") {
                            Some((_, after)) => {
                                in_block = false;
                                rest = after.trim_start();
                            }
                            None => break false,
                        }
                    } else if rest.is_empty() || rest.starts_with("//") {
                        break false;
                    } else if let Some(after) = rest.strip_prefix("/*") {
                        in_block = true;
                        rest = after;
                    } else {
                        break true;
                    }
                }
            }
        };
        if has_code {
            count = count.saturating_add(1);
        }
    }
    count
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

/// Java types that are hash maps or hash sets.
const HASH_TYPES: &[&str] =
    &["HashMap", "HashSet", "Map", "Set", "LinkedHashMap", "LinkedHashSet", "Hashtable", "ConcurrentHashMap"];
/// Java types used as FIFO queues.
const QUEUE_TYPES: &[&str] = &["Queue", "Deque", "ArrayDeque", "LinkedList"];
/// Python calls that build hash maps or sets.
const PY_HASH_CALLS: &[&str] = &["dict", "defaultdict", "Counter", "OrderedDict", "set", "frozenset"];
/// Python `heapq` functions that cost `log n`.
const PY_HEAP_OPS: &[&str] = &["heappush", "heappop", "heapreplace", "heappushpop"];
/// Python `bisect` functions.
const PY_BISECT: &[&str] = &["bisect", "bisect_left", "bisect_right", "insort", "insort_left", "insort_right"];
/// Array methods whose function argument runs once per element.
const JS_ITERATION: &[&str] = &["forEach", "map", "filter", "reduce", "some", "every", "find", "findIndex", "flatMap"];
/// Java stream and collection methods whose lambda runs once per element.
const JAVA_ITERATION: &[&str] = &["forEach", "map", "filter", "reduce", "anyMatch", "allMatch", "noneMatch", "flatMap"];
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

impl<'s> Walker<'s> {
    fn new(language: Language, src: &'s str) -> Self {
        Walker {
            language,
            src,
            line_count: u32::try_from(src.split('\n').count()).unwrap_or(u32::MAX),
            errors: Vec::new(),
            loops: Vec::new(),
            funcs: Vec::new(),
            branches: Vec::new(),
            costly_calls: Vec::new(),
            has_work: false,
            sorting: false,
            memoised: false,
            graph_like: false,
            signals: BTreeSet::new(),
            container_uses: HashMap::new(),
            declared_types: HashMap::new(),
            queue_calls: Vec::new(),
            object_vars: HashSet::new(),
            keyed_vars: HashSet::new(),
            table_vars: HashSet::new(),
            prev_indexed: HashSet::new(),
            loop_assigned: HashSet::new(),
        }
    }

    /// The source text of `node`; empty if its range is not valid text.
    fn text(&self, node: Node<'_>) -> &'s str {
        self.src.get(node.byte_range()).unwrap_or("")
    }

    /// The text of a short node without whitespace; `None` for a long node.
    fn compact_text(&self, node: Node<'_>) -> Option<String> {
        const MAX_COMPACT: usize = 256;
        (node.byte_range().len() <= MAX_COMPACT).then(|| self.text(node).split_whitespace().collect())
    }

    /// Walks the whole tree in source order with an explicit stack.
    fn walk(&mut self, tree: &Tree) {
        let root = tree.root_node();
        let mut cursor = root.walk();
        let mut stack: Vec<(Node<'_>, Option<Node<'_>>, Ctx<'_>)> = vec![(root, None, Ctx::default())];
        let mut children: Vec<(Node<'_>, Option<&str>)> = Vec::new();
        while let Some((node, parent, ctx)) = stack.pop() {
            let plan = self.visit(node, parent, ctx);
            children.clear();
            cursor.reset(node);
            if cursor.goto_first_child() {
                loop {
                    children.push((cursor.node(), cursor.field_name()));
                    if !cursor.goto_next_sibling() {
                        break;
                    }
                }
            }
            let first = stack.len();
            let mut arm = 0;
            let mut named_index = 0;
            for &(child, field) in &children {
                let child_ctx = self.child_ctx(node, &plan, child, field, named_index, &mut arm);
                if child.is_named() && !is_comment(child.kind()) {
                    named_index += 1;
                }
                stack.push((child, Some(node), child_ctx));
            }
            stack[first..].reverse();
        }
    }

    /// The context of one child of `node`.
    fn child_ctx<'t>(
        &mut self,
        node: Node<'t>,
        plan: &Plan<'t>,
        child: Node<'t>,
        field: Option<&str>,
        named_index: usize,
        arm: &mut u32,
    ) -> Ctx<'t> {
        let mut ctx = match field {
            Some(f) if plan.outside.contains(&f) => plan.outer,
            _ => plan.inner,
        };
        if let (Some((condition_field, loop_id)), Some(f)) = (plan.condition, field) {
            if condition_field == f {
                ctx.condition_of = Some(loop_id);
            }
        }
        if field == Some("arguments") {
            ctx.callback_loop = plan.arguments_loop;
        }
        if field == Some("value") {
            ctx.bound_name = plan.value_name;
        }
        if let Some(loop_id) = plan.callbacks_in {
            if is_anonymous_function(child.kind()) {
                ctx.in_loop = Some(loop_id);
            }
        }
        let arm_number = match plan.arms {
            Arms::None => None,
            Arms::Fields => match field {
                Some("consequence") => Some(0),
                Some("alternative") => {
                    *arm = arm.saturating_add(1);
                    Some(*arm)
                }
                _ => None,
            },
            Arms::Positional if child.is_named() && !is_comment(child.kind()) => match named_index {
                0 => Some(0),
                2 => Some(1),
                _ => None,
            },
            Arms::Positional => None,
        };
        if let Some(arm_number) = arm_number {
            self.branches.push(BranchStep { parent: ctx.branch, node: node.id(), arm: arm_number });
            ctx.branch = Some(self.branches.len() - 1);
        }
        ctx
    }

    /// Records what `node` shows and plans its children's context.
    fn visit<'t>(&mut self, node: Node<'t>, parent: Option<Node<'t>>, ctx: Ctx<'t>) -> Plan<'t> {
        let mut plan = Plan::new(ctx);
        if node.is_error() && !ctx.in_error {
            self.report(node, None);
        }
        if node.is_error() {
            plan.inner.in_error = true;
            plan.outer.in_error = true;
        }
        if node.is_missing() {
            self.report(node, Some(node.kind()));
            return plan;
        }
        let kind = node.kind();
        if self.language == Language::Python && kind == "block" && !ctx.in_error && count_named(node) == 0 {
            self.report_empty_block(node);
        }
        if let Some(loop_id) = ctx.condition_of {
            if kind == "identifier" {
                let name = self.text(node);
                push_name(&mut self.loops[loop_id].condition_names, name);
            }
        }
        plan.callbacks_in = ctx.callback_loop;
        if self.is_named_function(node, ctx) {
            self.enter_function(node, ctx, &mut plan);
            return plan;
        }
        if is_anonymous_function(kind) {
            self.note_body(node);
            return plan;
        }
        if self.is_loop(kind) {
            self.enter_loop(node, ctx, &mut plan);
            return plan;
        }
        match kind {
            "if_statement" | "ternary_expression" => plan.arms = Arms::Fields,
            "conditional_expression" => plan.arms = Arms::Positional,
            "call" | "call_expression" | "method_invocation" => self.on_call(node, parent, ctx, &mut plan),
            "new_expression" => self.on_new(node),
            "identifier" | "property_identifier" | "type_identifier" => self.on_identifier(node, parent),
            "subscript" | "subscript_expression" | "array_access" => self.on_subscript(node, parent, ctx),
            "binary_operator" | "binary_expression" => self.on_binary(node, ctx),
            "augmented_assignment" | "augmented_assignment_expression" | "assignment_expression" | "assignment" => {
                self.on_assignment(node, ctx);
            }
            "update_expression" => self.on_update(node, ctx),
            "variable_declarator" => self.on_declarator(node, parent, ctx, &mut plan),
            "decorator" => self.on_decorator(node),
            "formal_parameter" => self.on_java_declaration(node),
            "dictionary" | "dictionary_comprehension" | "set" | "set_comprehension" => {
                self.signals.insert(Signal::HashMap);
            }
            _ => {}
        }
        plan
    }

    /// Records a syntax issue at `node`: an ERROR node, or a MISSING node of kind `missing`.
    fn report(&mut self, node: Node<'_>, missing: Option<&str>) {
        if self.errors.len() >= MAX_SYNTAX_ERRORS {
            return;
        }
        let point = node.start_position();
        let line = u32::try_from(point.row).unwrap_or(u32::MAX).saturating_add(1);
        let line_start = node.start_byte().saturating_sub(point.column);
        let column = self.src.get(line_start..node.start_byte()).map_or(point.column, |prefix| prefix.chars().count());
        let column = u32::try_from(column).unwrap_or(u32::MAX).saturating_add(1);
        let message = match missing {
            None => format!("Syntax error near line {line}"),
            Some(kind) => {
                let name = kind.trim_start_matches('_').replace('_', " ");
                if name.is_empty() {
                    format!("Missing token on line {line}")
                } else if node.is_named() {
                    format!("Missing {name} on line {line}")
                } else {
                    format!("Missing `{name}` on line {line}")
                }
            }
        };
        self.push_issue(SyntaxIssue { line, column, message });
    }

    /// Python: a block with no statements (`def f(x):` followed by an unindented line), which
    /// tree-sitter accepts but Python rejects.
    fn report_empty_block(&mut self, block: Node<'_>) {
        if self.errors.len() >= MAX_SYNTAX_ERRORS {
            return;
        }
        let header_line = u32::try_from(block.start_position().row).unwrap_or(u32::MAX).saturating_add(1);
        let line = header_line.saturating_add(1).min(self.line_count.max(header_line));
        let message = format!("Expected an indented block on line {line}");
        self.push_issue(SyntaxIssue { line, column: 1, message });
    }

    fn push_issue(&mut self, issue: SyntaxIssue) {
        if self.errors.len() < MAX_SYNTAX_ERRORS && !self.errors.contains(&issue) {
            self.errors.push(issue);
        }
    }

    fn is_named_function(&self, node: Node<'_>, ctx: Ctx<'_>) -> bool {
        match (self.language, node.kind()) {
            (Language::Python, "function_definition") => true,
            (Language::Javascript, "function_declaration" | "generator_function_declaration" | "method_definition") => {
                true
            }
            (Language::Javascript, "function_expression" | "arrow_function" | "generator_function") => {
                ctx.bound_name.is_some()
            }
            (Language::Java, "method_declaration" | "constructor_declaration") => true,
            _ => false,
        }
    }

    fn is_loop(&self, kind: &str) -> bool {
        match self.language {
            Language::Python => matches!(
                kind,
                "for_statement"
                    | "while_statement"
                    | "list_comprehension"
                    | "set_comprehension"
                    | "dictionary_comprehension"
                    | "generator_expression"
            ),
            Language::Javascript => {
                matches!(kind, "for_statement" | "for_in_statement" | "while_statement" | "do_statement")
            }
            Language::Java => {
                matches!(kind, "for_statement" | "enhanced_for_statement" | "while_statement" | "do_statement")
            }
        }
    }

    /// Starts a named function: a new scope for loop nesting and recursion.
    fn enter_function<'t>(&mut self, node: Node<'t>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
        let name_node = ctx.bound_name.or_else(|| node.child_by_field_name("name"));
        let name = name_node.map(|n| self.text(n).to_owned()).unwrap_or_default();
        let mut params = Vec::new();
        let param_list = node.child_by_field_name("parameters").or_else(|| node.child_by_field_name("parameter"));
        if let Some(list) = param_list {
            self.collect_params(list, &mut params);
        }
        self.note_body(node);
        self.funcs.push(FuncFacts { name, params, ..FuncFacts::default() });
        let id = self.funcs.len() - 1;
        let scope = Ctx {
            func: Some(id),
            in_loop: None,
            branch: None,
            condition_of: None,
            in_error: ctx.in_error,
            bound_name: None,
            callback_loop: None,
        };
        plan.inner = scope;
        plan.outer = scope;
    }

    /// Parameter names of a parameter list (or of a single bare parameter).
    fn collect_params(&self, list: Node<'_>, params: &mut Vec<String>) {
        if list.kind() == "identifier" {
            push_name(params, self.text(list));
            return;
        }
        let mut cursor = list.walk();
        for param in list.named_children(&mut cursor) {
            let name_node = match param.kind() {
                "identifier" => Some(param),
                _ => param
                    .child_by_field_name("name")
                    .or_else(|| param.child_by_field_name("left"))
                    .or_else(|| param.named_child(0).filter(|n| n.kind() == "identifier")),
            };
            if let Some(name_node) = name_node.filter(|n| n.kind() == "identifier") {
                let name = self.text(name_node);
                if name != "self" && name != "cls" {
                    push_name(params, name);
                }
            }
        }
    }

    /// Notes whether a function's body does real work.
    fn note_body(&mut self, function: Node<'_>) {
        if self.has_work {
            return;
        }
        if let Some(body) = function.child_by_field_name("body") {
            if !self.is_trivial_body(body) {
                self.has_work = true;
            }
        }
    }

    /// Only `pass`, comments, docstrings, a `raise`/`throw`, or a return of a literal or an empty
    /// collection: starter code with nothing to estimate.
    fn is_trivial_body(&self, body: Node<'_>) -> bool {
        if !matches!(body.kind(), "block" | "statement_block" | "constructor_body") {
            return self.is_trivial_value(body);
        }
        let mut cursor = body.walk();
        let trivial = body.named_children(&mut cursor).all(|statement| self.is_trivial_statement(statement));
        trivial
    }

    fn is_trivial_statement(&self, statement: Node<'_>) -> bool {
        match statement.kind() {
            kind if is_comment(kind) => true,
            "pass_statement" | "empty_statement" | "raise_statement" | "throw_statement" => true,
            // Nested definitions are judged on their own bodies.
            "function_definition"
            | "decorated_definition"
            | "class_definition"
            | "function_declaration"
            | "class_declaration" => true,
            "expression_statement" => {
                single_named_child(statement).is_some_and(|e| matches!(e.kind(), "string" | "ellipsis"))
            }
            "return_statement" => {
                let mut cursor = statement.walk();
                let values: Vec<Node<'_>> =
                    statement.named_children(&mut cursor).filter(|n| !is_comment(n.kind())).take(2).collect();
                match values.as_slice() {
                    [] => true,
                    [value] => self.is_trivial_value(*value),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// A literal, an empty collection, or a collection of literals.
    fn is_trivial_value(&self, value: Node<'_>) -> bool {
        let value = unwrap_parentheses(value);
        if self.is_literal(value) {
            return true;
        }
        match value.kind() {
            "list" | "tuple" | "set" | "dictionary" | "array" | "object" | "array_initializer" | "expression_list" => {
                let mut cursor = value.walk();
                let all = value
                    .named_children(&mut cursor)
                    .filter(|n| !is_comment(n.kind()))
                    .all(|element| self.is_literal(unwrap_parentheses(element)));
                all
            }
            "array_creation_expression" => match value.child_by_field_name("value") {
                Some(initializer) => self.is_trivial_value(initializer),
                None => self.compact_text(value).is_some_and(|text| text.ends_with("[0]")),
            },
            "object_creation_expression" | "new_expression" => {
                value.child_by_field_name("arguments").is_none_or(|args| count_named(args) == 0)
            }
            "call" => {
                let empty_constructor = value
                    .child_by_field_name("function")
                    .is_some_and(|f| matches!(self.text(f), "list" | "dict" | "set" | "tuple"));
                empty_constructor && value.child_by_field_name("arguments").is_none_or(|args| count_named(args) == 0)
            }
            _ => false,
        }
    }

    /// A literal value, possibly negated.
    fn is_literal(&self, node: Node<'_>) -> bool {
        let node = match node.kind() {
            "unary_operator" | "unary_expression" => {
                match node.child_by_field_name("argument").or_else(|| node.child_by_field_name("operand")) {
                    Some(operand) => operand,
                    None => return false,
                }
            }
            _ => node,
        };
        match node.kind() {
            "integer"
            | "float"
            | "string"
            | "concatenated_string"
            | "true"
            | "false"
            | "none"
            | "ellipsis"
            | "number"
            | "null"
            | "undefined" => true,
            "template_string" => !self.text(node).contains("${"),
            "identifier" => self.language == Language::Javascript && self.text(node) == "undefined",
            kind => kind.ends_with("_literal"),
        }
    }

    /// Starts a loop level (or several, for a comprehension with several `for` clauses).
    fn enter_loop<'t>(&mut self, node: Node<'t>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
        let kind = node.kind();
        let levels = if kind.ends_with("comprehension") || kind == "generator_expression" {
            let mut cursor = node.walk();
            let clauses = node.named_children(&mut cursor).filter(|c| c.kind() == "for_in_clause").count();
            clauses.max(1)
        } else {
            1
        };
        let is_while = matches!(kind, "while_statement" | "do_statement");
        let iterable_field = match kind {
            "for_statement" if self.language == Language::Python => Some("right"),
            "for_in_statement" => Some("right"),
            "enhanced_for_statement" => Some("value"),
            _ => None,
        };
        let iterable = iterable_field.and_then(|field| node.child_by_field_name(field));
        let over_neighbours = iterable.is_some_and(|i| self.is_neighbour_list(i));
        let compares_two_variables = kind == "while_statement"
            && node.child_by_field_name("condition").is_some_and(|c| self.compares_two_variables(c));
        let mut current = ctx.in_loop;
        for _ in 0..levels {
            let depth = current.map_or(0, |p| self.loops[p].depth).saturating_add(1);
            self.loops.push(LoopFacts {
                parent: current,
                depth,
                is_while,
                compares_two_variables,
                over_neighbours,
                ..LoopFacts::default()
            });
            current = Some(self.loops.len() - 1);
        }
        self.has_work = true;
        plan.inner.in_loop = current;
        plan.inner.condition_of = None;
        plan.outside = match kind {
            "for_statement" if self.language == Language::Python => &["right", "alternative"],
            "while_statement" if self.language == Language::Python => &["alternative"],
            "for_statement" => &["initializer", "init"],
            "for_in_statement" => &["right"],
            "enhanced_for_statement" => &["value"],
            _ => &[],
        };
        if let Some(id) = current {
            if node.child_by_field_name("condition").is_some() {
                plan.condition = Some(("condition", id));
            } else if let Some(field) = iterable_field {
                plan.condition = Some((field, id));
            }
        }
    }

    /// `graph[u]`, `adj.get(u)`, `graph.get(u) || []`, `node.children`.
    fn is_neighbour_list(&self, iterable: Node<'_>) -> bool {
        let mut node = unwrap_parentheses(iterable);
        if matches!(node.kind(), "binary_expression" | "boolean_operator") {
            match node.child_by_field_name("left") {
                Some(left) => node = unwrap_parentheses(left),
                None => return false,
            }
        }
        let name = match node.kind() {
            "subscript" | "subscript_expression" | "array_access" => self.base_name(node),
            "call" | "call_expression" | "method_invocation" => self
                .describe_call(node)
                .filter(|call| matches!(call.name, "get" | "getOrDefault"))
                .and_then(|call| call.receiver),
            _ => self.field_of(node),
        };
        name.is_some_and(is_neighbour_name)
    }

    /// `lo < hi`, `left <= right`, `lo + 1 < hi`.
    fn compares_two_variables(&self, condition: Node<'_>) -> bool {
        let condition = unwrap_parentheses(condition);
        let (left, operator, right) = match condition.kind() {
            "comparison_operator" => {
                if count_named(condition) != 2 {
                    return false;
                }
                let operator = condition.child_by_field_name("operators").map(|o| o.kind());
                (condition.named_child(0), operator, condition.named_child(1))
            }
            "binary_expression" => (
                condition.child_by_field_name("left"),
                condition.child_by_field_name("operator").map(|o| o.kind()),
                condition.child_by_field_name("right"),
            ),
            _ => return false,
        };
        let (Some(left), Some(operator), Some(right)) = (left, operator, right) else {
            return false;
        };
        matches!(operator, "<" | "<=" | ">" | ">=") && self.is_variable_operand(left) && self.is_variable_operand(right)
    }

    /// A variable, possibly shifted by a constant.
    fn is_variable_operand(&self, node: Node<'_>) -> bool {
        let node = unwrap_parentheses(node);
        match node.kind() {
            "identifier" => true,
            "binary_operator" | "binary_expression" => {
                let operator = node.child_by_field_name("operator").map(|o| o.kind());
                let left = node.child_by_field_name("left");
                let right = node.child_by_field_name("right");
                matches!(operator, Some("+" | "-"))
                    && left.is_some_and(|l| l.kind() == "identifier")
                    && right.is_some_and(|r| self.is_literal(r))
            }
            _ => false,
        }
    }

    /// A call: recursion, sorting, library signals and container uses.
    fn on_call<'t>(&mut self, node: Node<'t>, parent: Option<Node<'t>>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
        let Some(call) = self.describe_call(node) else {
            return;
        };
        let args = call.arguments;
        let arg_count = args.map_or(0, count_named);
        let name = call.name;

        if call.plain_or_self {
            if let Some(func) = ctx.func {
                if self.funcs[func].name == name && !name.is_empty() {
                    self.on_self_call(func, parent, ctx, args);
                }
            }
        }

        let has_object = call.object.is_some();
        match self.language {
            Language::Python => {
                if (call.plain_or_self && !call.via_self && name == "sorted") || (has_object && name == "sort") {
                    self.note_sort();
                }
                if PY_BISECT.contains(&name) {
                    self.signals.insert(Signal::BinarySearch);
                    self.costly_calls.push((ctx.in_loop, Cost::LOG));
                }
                if PY_HEAP_OPS.contains(&name) {
                    self.signals.insert(Signal::Heap);
                    self.costly_calls.push((ctx.in_loop, Cost::LOG));
                }
                if name == "heapify" {
                    self.signals.insert(Signal::Heap);
                    self.costly_calls.push((ctx.in_loop, Cost::LINEAR));
                }
                if PY_HASH_CALLS.contains(&name) && (!has_object || name != "set") {
                    self.signals.insert(Signal::HashMap);
                }
            }
            Language::Javascript => {
                if has_object && matches!(name, "sort" | "toSorted") {
                    self.note_sort();
                }
                if has_object && JS_ITERATION.contains(&name) {
                    self.plan_callback_loop(args, ctx, plan);
                }
            }
            Language::Java => {
                if has_object && matches!(name, "sort" | "sorted") {
                    self.note_sort();
                }
                if name == "binarySearch" {
                    self.signals.insert(Signal::BinarySearch);
                    self.costly_calls.push((ctx.in_loop, Cost::LOG));
                }
                if has_object && JAVA_ITERATION.contains(&name) {
                    self.plan_callback_loop(args, ctx, plan);
                }
            }
        }

        let Some(receiver) = call.receiver else {
            return;
        };
        let used = parent.is_some_and(|p| p.kind() != "expression_statement");
        let first_arg_is_zero = args.and_then(|a| first_named(a)).is_some_and(|a| self.text(a) == "0");
        if matches!(name, "pop" | "popleft" | "shift" | "poll" | "pollFirst" | "pollLast") {
            if let Some(loop_id) = ctx.in_loop {
                push_name(&mut self.loops[loop_id].popped, receiver);
            }
        }
        let flags = match name {
            "append" => uses::APPEND,
            "push" => uses::PUSH,
            "pop" if arg_count == 0 => {
                let mut flags = uses::POP;
                if ctx.in_loop.is_some() {
                    flags |= uses::POP_IN_LOOP;
                }
                if used {
                    flags |= uses::POP_USED;
                }
                flags
            }
            "pop" if arg_count == 1 && first_arg_is_zero => uses::POP_FRONT,
            "popleft" => uses::POPLEFT,
            "shift" => uses::SHIFT,
            "poll" | "pollFirst" => uses::POLL,
            "remove" if arg_count == 0 => uses::POLL,
            "peek" | "peekLast" => uses::PEEK,
            "at" if args.and_then(|a| first_named(a)).is_some_and(|a| self.text(a) == "-1") => uses::PEEK,
            _ => 0,
        };
        if flags != 0 {
            *self.container_uses.entry(receiver.to_owned()).or_insert(0) |= flags;
        }
        if matches!(name, "get" | "has" | "containsKey" | "getOrDefault" | "contains" | "__contains__")
            && is_prune_name(receiver)
        {
            self.memoised = true;
        }
        if matches!(name, "add" | "put" | "set" | "setdefault") && is_prune_name(receiver) {
            if let Some(func) = ctx.func {
                self.funcs[func].stores = true;
            }
        }
        if self.language == Language::Java
            && matches!(name, "add" | "offer" | "poll" | "remove")
            && self.queue_calls.len() < MAX_QUEUE_CALLS
        {
            self.queue_calls.push((receiver.to_owned(), ctx.in_loop));
        }
    }

    fn note_sort(&mut self) {
        self.sorting = true;
        self.signals.insert(Signal::Sorting);
    }

    /// `xs.map(x => ...)`: the callback body runs inside a new loop level.
    fn plan_callback_loop<'t>(&mut self, args: Option<Node<'t>>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
        let Some(args) = args else {
            return;
        };
        let mut cursor = args.walk();
        let has_callback = args.named_children(&mut cursor).any(|a| is_anonymous_function(a.kind()));
        if !has_callback {
            return;
        }
        let depth = ctx.in_loop.map_or(0, |p| self.loops[p].depth).saturating_add(1);
        self.loops.push(LoopFacts { parent: ctx.in_loop, depth, ..LoopFacts::default() });
        self.has_work = true;
        plan.arguments_loop = Some(self.loops.len() - 1);
    }

    /// The callee of a call node.
    fn describe_call<'t>(&self, node: Node<'t>) -> Option<CallShape<'s, 't>> {
        let arguments = node.child_by_field_name("arguments");
        if node.kind() == "method_invocation" {
            let name = self.text(node.child_by_field_name("name")?);
            let object = node.child_by_field_name("object");
            let via_self = object.is_some_and(|o| o.kind() == "this");
            return Some(CallShape {
                name,
                object,
                receiver: object.and_then(|o| self.receiver_name(o)),
                plain_or_self: object.is_none() || via_self,
                via_self,
                arguments,
            });
        }
        let function = node.child_by_field_name("function")?;
        match function.kind() {
            "identifier" => Some(CallShape {
                name: self.text(function),
                object: None,
                receiver: None,
                plain_or_self: true,
                via_self: false,
                arguments,
            }),
            "attribute" | "member_expression" => {
                let property =
                    function.child_by_field_name("attribute").or_else(|| function.child_by_field_name("property"))?;
                let object = function.child_by_field_name("object")?;
                let via_self = self.is_self(object);
                Some(CallShape {
                    name: self.text(property),
                    object: Some(object),
                    receiver: self.receiver_name(object),
                    plain_or_self: via_self,
                    via_self,
                    arguments,
                })
            }
            _ => None,
        }
    }

    /// `self`, `cls` or `this`.
    fn is_self(&self, node: Node<'_>) -> bool {
        node.kind() == "this" || (node.kind() == "identifier" && matches!(self.text(node), "self" | "cls" | "this"))
    }

    /// The variable a method is called on: `stack` in `stack.pop()` and in `self.stack.pop()`.
    fn receiver_name(&self, object: Node<'_>) -> Option<&'s str> {
        match object.kind() {
            "identifier" => Some(self.text(object)),
            "attribute" | "member_expression" | "field_access" => {
                let owner = object.child_by_field_name("object")?;
                if !self.is_self(owner) {
                    return None;
                }
                let field = object
                    .child_by_field_name("attribute")
                    .or_else(|| object.child_by_field_name("property"))
                    .or_else(|| object.child_by_field_name("field"))?;
                Some(self.text(field))
            }
            _ => None,
        }
    }

    /// Records a function calling itself.
    fn on_self_call<'t>(&mut self, func: usize, parent: Option<Node<'t>>, ctx: Ctx<'t>, args: Option<Node<'t>>) {
        let mut structural = false;
        let mut on_children = false;
        let mut shrinking = Vec::new();
        if let Some(args) = args {
            let mut cursor = args.walk();
            for arg in args.named_children(&mut cursor) {
                let arg = match arg.kind() {
                    "keyword_argument" => arg.child_by_field_name("value").unwrap_or(arg),
                    _ => arg,
                };
                if let Some(field) = self.field_of(arg) {
                    if !matches!(field, "length" | "size") {
                        structural = true;
                    }
                    if matches!(field, "left" | "right" | "children" | "child") {
                        on_children = true;
                    }
                }
                if let Some(param) = self.shrunk_param(arg, &self.funcs[func].params) {
                    push_name(&mut shrinking, param);
                }
            }
        }
        let returned = parent.is_some_and(|p| p.kind() == "return_statement");
        let facts = &mut self.funcs[func];
        facts.self_call_count = facts.self_call_count.saturating_add(1);
        facts.self_call_in_loop |= ctx.in_loop.is_some();
        facts.self_call_on_children |= on_children;
        if facts.self_calls.len() < MAX_SELF_CALLS {
            facts.self_calls.push(SelfCall { branch: ctx.branch, returned, structural, shrinking });
        }
    }

    /// The field name of a field access (`node.left` gives `left`).
    fn field_of(&self, node: Node<'_>) -> Option<&'s str> {
        if !matches!(node.kind(), "attribute" | "member_expression" | "field_access") {
            return None;
        }
        let field = node
            .child_by_field_name("attribute")
            .or_else(|| node.child_by_field_name("property"))
            .or_else(|| node.child_by_field_name("field"))?;
        Some(self.text(field))
    }

    /// The parameter in `n - 1`, `i + 1` or `s[1:]`, if it is one of `params`.
    fn shrunk_param(&self, arg: Node<'_>, params: &[String]) -> Option<&'s str> {
        let arg = unwrap_parentheses(arg);
        let name = match arg.kind() {
            "binary_operator" | "binary_expression" => {
                let operator = arg.child_by_field_name("operator").map(|o| o.kind());
                let left = arg.child_by_field_name("left")?;
                let right = arg.child_by_field_name("right")?;
                if !matches!(operator, Some("+" | "-")) || left.kind() != "identifier" || !self.is_literal(right) {
                    return None;
                }
                self.text(left)
            }
            "subscript" => {
                let value = arg.child_by_field_name("value")?;
                let slice = arg.child_by_field_name("subscript")?;
                let starts_at_constant = slice.kind() == "slice"
                    && slice.named_child(0).is_some_and(|s| self.is_literal(s))
                    && count_named(slice) == 1
                    && self.text(slice).trim_end().ends_with(':');
                if value.kind() != "identifier" || !starts_at_constant {
                    return None;
                }
                self.text(value)
            }
            _ => return None,
        };
        params.iter().any(|p| p == name).then_some(name)
    }

    fn on_new(&mut self, node: Node<'_>) {
        let Some(constructor) = node.child_by_field_name("constructor") else {
            return;
        };
        let name = self.text(constructor);
        if matches!(name, "Map" | "Set" | "WeakMap" | "WeakSet") {
            self.signals.insert(Signal::HashMap);
        }
        let lower = name.to_ascii_lowercase();
        if lower.contains("heap") || lower.contains("priorityqueue") {
            self.signals.insert(Signal::Heap);
        }
    }

    fn on_identifier(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        let name = self.text(node);
        let lower = name.to_ascii_lowercase();
        if lower.contains("dfs") {
            self.signals.insert(Signal::Dfs);
        }
        if GRAPH_WORDS.contains(&lower.as_str()) {
            self.graph_like = true;
        }
        if name == "PriorityQueue" || HEAP_HELPERS.iter().any(|h| lower.contains(h)) {
            self.signals.insert(Signal::Heap);
        }
        if self.language == Language::Python && matches!(name, "heapq" | "heappush" | "heappop" | "heapify") {
            self.signals.insert(Signal::Heap);
        }
        let parent_kind = parent.map_or("", |p| p.kind());
        if lower.contains("heap")
            && (node.kind() == "type_identifier" || matches!(parent_kind, "class_declaration" | "class_definition"))
        {
            self.signals.insert(Signal::Heap);
        }
        if node.kind() == "type_identifier" {
            if HASH_TYPES.contains(&name) {
                self.signals.insert(Signal::HashMap);
            }
            if name == "Stack" {
                self.signals.insert(Signal::Stack);
            }
        }
        if node.kind() == "identifier" && is_prune_name(name) {
            let read = match parent {
                Some(p) if matches!(p.kind(), "subscript" | "subscript_expression" | "array_access") => true,
                Some(p) if p.kind() == "comparison_operator" => {
                    p.named_child(0).is_some_and(|first| first.id() != node.id())
                }
                Some(p) if p.kind() == "binary_expression" => {
                    p.child_by_field_name("operator").is_some_and(|o| o.kind() == "in")
                        && p.child_by_field_name("right").is_some_and(|r| r.id() == node.id())
                }
                _ => false,
            };
            if read {
                self.memoised = true;
            }
        }
    }

    fn on_subscript(&mut self, node: Node<'_>, parent: Option<Node<'_>>, ctx: Ctx<'_>) {
        let object = node
            .child_by_field_name("value")
            .or_else(|| node.child_by_field_name("object"))
            .or_else(|| node.child_by_field_name("array"));
        let index = node.child_by_field_name("subscript").or_else(|| node.child_by_field_name("index"));
        let (Some(object), Some(index)) = (object, index) else {
            return;
        };
        let base = self.base_name(object);
        if let Some(base) = base {
            if object.kind() == "identifier" {
                let peek = match self.language {
                    Language::Python => self.compact_text(index).is_some_and(|index| index == "-1"),
                    Language::Javascript => {
                        self.compact_text(index).is_some_and(|index| index == format!("{base}.length-1"))
                    }
                    Language::Java => false,
                };
                if peek {
                    *self.container_uses.entry(base.to_owned()).or_insert(0) |= uses::PEEK;
                }
            }
            if index.kind() == "identifier" && matches!(self.text(index), "mid" | "m" | "middle" | "pivot") {
                if let Some(func) = ctx.func {
                    self.funcs[func].indexes_mid = true;
                }
            }
            if self.is_minus_constant(index) {
                self.prev_indexed.insert(base.to_owned());
            }
        }
        let Some(parent) = parent else {
            return;
        };
        let assigned = match parent.kind() {
            "assignment" | "augmented_assignment" | "assignment_expression" | "augmented_assignment_expression" => {
                parent.child_by_field_name("left").is_some_and(|l| l.id() == node.id())
            }
            "update_expression" => true,
            _ => false,
        };
        if assigned {
            if let Some(func) = ctx.func {
                self.funcs[func].stores = true;
            }
            if let Some(base) = base {
                self.keyed_vars.insert(base.to_owned());
            }
        }
    }

    /// The variable at the bottom of `a[i][j]` or `self.a[i]`.
    fn base_name(&self, mut node: Node<'_>) -> Option<&'s str> {
        for _ in 0..8 {
            match node.kind() {
                "identifier" => return Some(self.text(node)),
                "subscript" | "subscript_expression" | "array_access" => {
                    node = node
                        .child_by_field_name("value")
                        .or_else(|| node.child_by_field_name("object"))
                        .or_else(|| node.child_by_field_name("array"))?;
                }
                _ => return self.receiver_name(node),
            }
        }
        None
    }

    /// `i - 1`.
    fn is_minus_constant(&self, node: Node<'_>) -> bool {
        matches!(node.kind(), "binary_operator" | "binary_expression")
            && node.child_by_field_name("operator").is_some_and(|o| o.kind() == "-")
            && node.child_by_field_name("left").is_some_and(|l| l.kind() == "identifier")
            && node.child_by_field_name("right").is_some_and(|r| self.is_literal(r))
    }

    fn on_binary(&mut self, node: Node<'_>, ctx: Ctx<'_>) {
        let Some(operator) = node.child_by_field_name("operator") else {
            return;
        };
        let right = node.child_by_field_name("right");
        let right_text = right.map_or("", |r| self.text(r));
        let halves = match operator.kind() {
            "/" | "//" => right_text == "2",
            ">>" | ">>>" => right_text == "1",
            "in" => {
                if let Some(right) = right.filter(|r| r.kind() == "identifier") {
                    self.keyed_vars.insert(self.text(right).to_owned());
                }
                false
            }
            _ => false,
        };
        if halves {
            if let Some(func) = ctx.func {
                self.funcs[func].halves = true;
            }
            if let Some(loop_id) = ctx.in_loop {
                self.loops[loop_id].computes_mid = true;
            }
        }
    }

    /// Assignments: table allocations, loop counters stepping by one, in-place halving.
    fn on_assignment(&mut self, node: Node<'_>, ctx: Ctx<'_>) {
        let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
            return;
        };
        let operator = node.child_by_field_name("operator").map_or("=", |o| o.kind());
        if operator == "=" {
            self.note_loop_assignment(left, ctx);
            if let Some(name) = self.assigned_name(left) {
                self.note_binding(name, right);
            }
            return;
        }
        let Some(loop_id) = ctx.in_loop else {
            return;
        };
        let right_text = self.text(right);
        if left.kind() == "identifier" && right_text == "1" {
            let name = self.text(left);
            match operator {
                "+=" => push_name(&mut self.loops[loop_id].incremented, name),
                "-=" => push_name(&mut self.loops[loop_id].decremented, name),
                _ => {}
            }
        }
        let divides = match operator {
            "//=" | "/=" => right_text.parse::<u64>().is_ok_and(|d| d >= 2),
            ">>=" | ">>>=" => right.kind() != "identifier",
            _ => false,
        };
        if divides {
            self.loops[loop_id].divides_in_place = true;
        }
    }

    /// Remembers the names that `target` assigns directly in the current loop.
    fn note_loop_assignment(&mut self, target: Node<'_>, ctx: Ctx<'_>) {
        let Some(loop_id) = ctx.in_loop else {
            return;
        };
        if target.kind() == "identifier" {
            self.loop_assigned.insert((loop_id, self.text(target).to_owned()));
            return;
        }
        if matches!(target.kind(), "pattern_list" | "tuple_pattern" | "list_pattern" | "array_pattern") {
            let mut cursor = target.walk();
            for part in target.named_children(&mut cursor) {
                if part.kind() == "identifier" {
                    self.loop_assigned.insert((loop_id, self.text(part).to_owned()));
                }
            }
        }
    }

    /// The variable an assignment target names: `x`, `self.x`, `this.x`.
    fn assigned_name(&self, left: Node<'_>) -> Option<&'s str> {
        match left.kind() {
            "identifier" => Some(self.text(left)),
            _ => self.receiver_name(left),
        }
    }

    /// `name = value` or a declaration: DP tables, table allocations, object literals.
    fn note_binding(&mut self, name: &str, value: Node<'_>) {
        let value = unwrap_parentheses(value);
        let kind = value.kind();
        let value_text = self.text(value);
        let creates_collection = matches!(
            kind,
            "list"
                | "list_comprehension"
                | "dictionary"
                | "dictionary_comprehension"
                | "binary_operator"
                | "call"
                | "array"
                | "object"
                | "new_expression"
                | "call_expression"
                | "array_creation_expression"
                | "array_initializer"
                | "object_creation_expression"
        );
        if creates_collection && is_table_name(name) {
            self.signals.insert(Signal::DpTable);
        }
        let allocates_table = match kind {
            "binary_operator" => {
                value.child_by_field_name("operator").is_some_and(|o| o.kind() == "*")
                    && value.child_by_field_name("left").is_some_and(|l| l.kind() == "list")
            }
            "list_comprehension" => value.child_by_field_name("body").is_some_and(|b| b.kind() == "binary_operator"),
            "new_expression" | "call_expression" => {
                let head: String = value_text.chars().take(24).collect();
                head.contains("Array")
            }
            "array_creation_expression" => true,
            _ => false,
        };
        if allocates_table {
            self.table_vars.insert(name.to_owned());
        }
        if kind == "object" {
            self.object_vars.insert(name.to_owned());
        }
    }

    /// `i++`, `--j`.
    fn on_update(&mut self, node: Node<'_>, ctx: Ctx<'_>) {
        let Some(loop_id) = ctx.in_loop else {
            return;
        };
        let mut cursor = node.walk();
        let mut name = None;
        let mut step = None;
        for child in node.children(&mut cursor) {
            match child.kind() {
                "identifier" => name = Some(self.text(child)),
                "++" => step = Some(true),
                "--" => step = Some(false),
                _ => {}
            }
        }
        match (name, step) {
            (Some(name), Some(true)) => push_name(&mut self.loops[loop_id].incremented, name),
            (Some(name), Some(false)) => push_name(&mut self.loops[loop_id].decremented, name),
            _ => {}
        }
    }

    /// `const f = () => ...`, `let memo = {}`, `int[] dp = new int[n + 1]`.
    fn on_declarator<'t>(&mut self, node: Node<'t>, parent: Option<Node<'t>>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
        let Some(name_node) = node.child_by_field_name("name") else {
            return;
        };
        self.note_loop_assignment(name_node, ctx);
        if name_node.kind() != "identifier" {
            return;
        }
        let name = self.text(name_node);
        let value = node.child_by_field_name("value");
        if let Some(value) = value {
            if self.language == Language::Javascript
                && matches!(value.kind(), "arrow_function" | "function_expression" | "generator_function")
            {
                plan.value_name = Some(name_node);
            }
            self.note_binding(name, value);
        }
        if self.language == Language::Java {
            if let Some(declaration) = parent {
                let type_name = declaration.child_by_field_name("type").map(|t| self.base_type(t));
                let type_name = match (type_name, value) {
                    (Some("var"), Some(value)) if value.kind() == "object_creation_expression" => {
                        value.child_by_field_name("type").map(|t| self.base_type(t))
                    }
                    (other, _) => other,
                };
                if let Some(type_name) = type_name {
                    self.declared_types.insert(name.to_owned(), type_name.to_owned());
                }
            }
        }
    }

    /// A Java method or lambda parameter's declared type.
    fn on_java_declaration(&mut self, node: Node<'_>) {
        if let (Some(name), Some(type_node)) = (node.child_by_field_name("name"), node.child_by_field_name("type")) {
            let type_name = self.base_type(type_node).to_owned();
            self.declared_types.insert(self.text(name).to_owned(), type_name);
        }
    }

    /// `Map` for `Map<Integer, List<Integer>>`.
    fn base_type(&self, type_node: Node<'_>) -> &'s str {
        if type_node.kind() == "generic_type" {
            if let Some(inner) = first_named(type_node) {
                return self.text(inner);
            }
        }
        self.text(type_node)
    }

    /// `@cache`, `@lru_cache(None)`, `@functools.lru_cache(maxsize=None)`.
    fn on_decorator(&mut self, node: Node<'_>) {
        let text = self.text(node).trim_start_matches('@');
        let callee = text.split('(').next().unwrap_or("").trim();
        let last = callee.rsplit('.').next().unwrap_or("");
        if matches!(last, "cache" | "lru_cache") {
            self.memoised = true;
            self.signals.insert(Signal::DpTable);
        }
    }

    /// Turns the collected facts into insights.
    fn finish(mut self, code_lines: u32) -> Insights {
        self.errors.sort_by_key(|issue| (issue.line, issue.column));
        let parses = self.errors.is_empty();

        let mut loop_costs: Vec<Cost> = Vec::with_capacity(self.loops.len());
        let mut loop_depth = 0;
        let mut cost = Cost::default();
        for facts in &self.loops {
            let parent_assigned =
                |name: &str| facts.parent.is_some_and(|p| self.loop_assigned.contains(&(p, name.to_owned())));
            let own = if facts.is_logarithmic() {
                Cost::LOG
            } else if facts.is_amortised(parent_assigned) {
                Cost::default()
            } else {
                Cost::LINEAR
            };
            let chain = facts.parent.and_then(|p| loop_costs.get(p).copied()).unwrap_or_default().times(own);
            loop_costs.push(chain);
            cost = cost.max(chain);
            loop_depth = loop_depth.max(facts.depth);
            if facts.is_binary_search() {
                self.signals.insert(Signal::BinarySearch);
            }
            if facts.moves_two_pointers() {
                self.signals.insert(Signal::TwoPointers);
            }
        }
        for (receiver, in_loop) in &self.queue_calls {
            if self.declared_types.get(receiver).is_some_and(|t| t == "PriorityQueue") {
                self.costly_calls.push((*in_loop, Cost::LOG));
            }
        }
        for (in_loop, extra) in &self.costly_calls {
            let chain = in_loop.and_then(|l| loop_costs.get(l).copied()).unwrap_or_default();
            cost = cost.max(chain.times(*extra));
        }

        let mut recursive = BTreeSet::new();
        let mut exponential = false;
        for func in &self.funcs {
            if func.self_call_count == 0 {
                continue;
            }
            recursive.insert(func.name.clone());
            if func.self_call_on_children || func.self_call_in_loop {
                self.signals.insert(Signal::Dfs);
            }
            match self.recursion(func) {
                Recursion::Exponential => exponential = true,
                Recursion::Memoised(states) => cost = cost.max(Cost { n_power: states, log_power: 0 }),
                Recursion::DivideAndConquer => cost = cost.max(Cost::N_LOG_N),
                Recursion::Halving => {
                    cost = cost.max(Cost::LOG);
                    if func.self_calls.len() >= 2 && func.indexes_mid {
                        self.signals.insert(Signal::BinarySearch);
                    }
                }
                Recursion::Linear => cost = cost.max(Cost::LINEAR),
            }
        }
        if self.sorting {
            cost = cost.max(Cost::N_LOG_N);
        }
        let complexity = if !self.has_work {
            None
        } else if exponential {
            Some("O(2^n)".to_owned())
        } else {
            Some(cost.big_o())
        };

        self.container_signals();
        if self.table_vars.iter().any(|name| self.prev_indexed.contains(name)) {
            self.signals.insert(Signal::DpTable);
        }
        if self.object_vars.iter().any(|name| self.keyed_vars.contains(name)) {
            self.signals.insert(Signal::HashMap);
        }
        if self.signals.contains(&Signal::Stack) && self.graph_like && !self.loops.is_empty() {
            self.signals.insert(Signal::Dfs);
        }

        Insights {
            parses,
            syntax_errors: self.errors,
            loop_depth,
            recursive: recursive.into_iter().collect(),
            complexity,
            signals: self.signals.into_iter().collect(),
            code_lines,
            suggest_run: false,
        }
    }

    /// Stack and queue signals from how containers are used.
    fn container_signals(&mut self) {
        for (name, &flags) in &self.container_uses {
            let has = |flag: u32| flags & flag != 0;
            let lower = name.to_ascii_lowercase();
            let stack_like = lower.contains("stack") || matches!(lower.as_str(), "stk" | "st");
            let queue_like = lower.contains("queue") || matches!(lower.as_str(), "q" | "dq");
            let pops_as_stack = has(uses::POP_IN_LOOP) && (has(uses::POP_USED) || has(uses::PEEK) || stack_like);
            match self.language {
                Language::Python => {
                    if has(uses::APPEND) && pops_as_stack {
                        self.signals.insert(Signal::Stack);
                    }
                    if has(uses::POPLEFT) || (has(uses::POP_FRONT) && has(uses::APPEND) && queue_like) {
                        self.signals.insert(Signal::Bfs);
                    }
                }
                Language::Javascript => {
                    if has(uses::PUSH) && pops_as_stack {
                        self.signals.insert(Signal::Stack);
                    }
                    if has(uses::PUSH) && has(uses::SHIFT) {
                        self.signals.insert(Signal::Bfs);
                    }
                }
                Language::Java => {
                    if has(uses::PUSH) && has(uses::POP) {
                        self.signals.insert(Signal::Stack);
                    }
                    let declared = self.declared_types.get(name);
                    let is_queue = match declared {
                        Some(type_name) => QUEUE_TYPES.contains(&type_name.as_str()),
                        None => queue_like,
                    };
                    if has(uses::POLL) && is_queue {
                        self.signals.insert(Signal::Bfs);
                    }
                }
            }
        }
    }

    /// Classifies how a recursive function grows.
    fn recursion(&self, func: &FuncFacts) -> Recursion {
        let calls = &func.self_calls;
        let mut shrinking_pair = false;
        let mut other_pair = false;
        for (i, a) in calls.iter().enumerate() {
            for b in calls.iter().skip(i + 1) {
                if self.exclusive(a, b) {
                    continue;
                }
                if !a.shrinking.is_empty() && !b.shrinking.is_empty() {
                    shrinking_pair = true;
                } else if !(a.structural && b.structural) {
                    other_pair = true;
                }
            }
        }
        if shrinking_pair {
            if self.memoised || func.stores {
                let mut states: Vec<&str> = calls.iter().flat_map(|c| c.shrinking.iter().map(String::as_str)).collect();
                states.sort_unstable();
                states.dedup();
                let states = u32::try_from(states.len()).unwrap_or(u32::MAX).max(1);
                return Recursion::Memoised(states);
            }
            return Recursion::Exponential;
        }
        if other_pair {
            return Recursion::DivideAndConquer;
        }
        if func.halves && !func.self_call_in_loop {
            return Recursion::Halving;
        }
        Recursion::Linear
    }

    /// Two self-calls that cannot both run in one invocation: different arms of one conditional,
    /// or both returned.
    fn exclusive(&self, a: &SelfCall, b: &SelfCall) -> bool {
        if a.returned && b.returned {
            return true;
        }
        let mut arms: HashMap<usize, u32> = HashMap::new();
        let mut step = a.branch;
        while let Some(index) = step {
            let Some(branch) = self.branches.get(index) else {
                break;
            };
            arms.entry(branch.node).or_insert(branch.arm);
            step = branch.parent;
        }
        let mut step = b.branch;
        while let Some(index) = step {
            let Some(branch) = self.branches.get(index) else {
                break;
            };
            if arms.get(&branch.node).is_some_and(|&arm| arm != branch.arm) {
                return true;
            }
            step = branch.parent;
        }
        false
    }
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

#[cfg(test)]
mod tests {
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
        let linear =
            py("def total(xs, i):\n    if i == len(xs):\n        return 0\n    return xs[i] + total(xs, i + 1)\n");
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
        let halving = py(
            "def bits(n):\n    count = 0\n    while n > 0:\n        n //= 2\n        count += 1\n    return count\n",
        );
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
        let sorted_quadratic =
            py("def f(a):\n    a = sorted(a)\n    for x in a:\n        for y in a:\n            pass\n");
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
        let java_nested =
            format!("class S {{ void f() {{ {}{} }} }}", "while(a<b){".repeat(10_000), "}".repeat(10_000));
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
            assert!(elapsed < Duration::from_secs(1), "{language:?} input of {} bytes took {elapsed:?}", code.len());
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
        let restarted =
            py("def f(n):\n    for i in range(n):\n        k = n\n        while k > 0:\n            k -= 1\n");
        assert_eq!(complexity(&restarted), Some("O(n^2)"), "{restarted:?}");
    }

    #[test]
    fn every_prefix_of_real_code_is_handled() {
        let samples =
            [(Language::Python, PY_TWO_SUM), (Language::Javascript, JS_TWO_SUM), (Language::Java, JAVA_TWO_SUM)];
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
}
