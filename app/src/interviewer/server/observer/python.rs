//! Python: its grammar and the rules that only Python code needs.

use std::collections::BTreeSet;

use tree_sitter::Node;

use super::{CallShape, ContainerUse, Cost, Ctx, Walker, MAX_SYNTAX_ERRORS};
use crate::interviewer::types::{Signal, SyntaxIssue};

/// Python calls that build hash maps or sets.
const PY_HASH_CALLS: &[&str] = &["dict", "defaultdict", "Counter", "OrderedDict", "set", "frozenset"];
/// Python `heapq` functions that cost `log n`.
const PY_HEAP_OPS: &[&str] = &["heappush", "heappop", "heapreplace", "heappushpop"];
/// Python `bisect` functions.
const PY_BISECT: &[&str] = &["bisect", "bisect_left", "bisect_right", "insort", "insort_left", "insort_right"];

/// The tree-sitter grammar.
pub(super) fn grammar() -> tree_sitter::Language {
    tree_sitter_python::LANGUAGE.into()
}

/// A trimmed line that holds code: not blank and not a `#` comment.
pub(super) fn is_code_line(line: &str) -> bool {
    !line.is_empty() && !line.starts_with('#')
}

/// A `def`.
pub(super) fn is_named_function(kind: &str) -> bool {
    kind == "function_definition"
}

/// Loops, comprehensions and generator expressions.
pub(super) fn is_loop(kind: &str) -> bool {
    matches!(
        kind,
        "for_statement"
            | "while_statement"
            | "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression"
    )
}

/// The field a loop iterates over, and the fields evaluated once, outside the loop.
pub(super) fn loop_fields(kind: &str) -> (Option<&'static str>, &'static [&'static str]) {
    match kind {
        "for_statement" => (Some("right"), &["right", "alternative"]),
        "while_statement" => (None, &["alternative"]),
        _ => (None, &[]),
    }
}

/// `heapq` and its functions, by name.
pub(super) fn is_heap_name(name: &str) -> bool {
    matches!(name, "heapq" | "heappush" | "heappop" | "heapify")
}

/// `stack[-1]`.
pub(super) fn is_top_index(index: &str) -> bool {
    index == "-1"
}

/// Stack and queue signals from how one container is used.
pub(super) fn container_signals(container: &ContainerUse, signals: &mut BTreeSet<Signal>) {
    use super::uses::{APPEND, POPLEFT, POP_FRONT};
    if container.has(APPEND) && container.pops_as_stack() {
        signals.insert(Signal::Stack);
    }
    if container.has(POPLEFT) || (container.has(POP_FRONT) && container.has(APPEND) && container.queue_like) {
        signals.insert(Signal::Bfs);
    }
}

impl Walker<'_> {
    /// Sorting, `bisect`, `heapq` and hash-map constructors.
    pub(super) fn on_python_call(&mut self, call: &CallShape<'_, '_>, ctx: Ctx<'_>) {
        let name = call.name;
        let has_object = call.object.is_some();
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

    /// A block with no statements (`def f(x):` followed by an unindented line), which
    /// tree-sitter accepts but Python rejects.
    pub(super) fn report_empty_block(&mut self, block: Node<'_>) {
        if self.errors.len() >= MAX_SYNTAX_ERRORS {
            return;
        }
        let header_line = u32::try_from(block.start_position().row).unwrap_or(u32::MAX).saturating_add(1);
        let line = header_line.saturating_add(1).min(self.line_count.max(header_line));
        let message = format!("Expected an indented block on line {line}");
        self.push_issue(SyntaxIssue { line, column: 1, message });
    }
}
