//! JavaScript: its grammar and the rules that only JavaScript code needs.

use std::collections::BTreeSet;

use super::{CallShape, ContainerUse, Ctx, Plan, Walker};
use crate::interviewer::types::Signal;

/// Array methods whose function argument runs once per element.
const JS_ITERATION: &[&str] = &["forEach", "map", "filter", "reduce", "some", "every", "find", "findIndex", "flatMap"];

/// The tree-sitter grammar.
pub(super) fn grammar() -> tree_sitter::Language {
    tree_sitter_javascript::LANGUAGE.into()
}

/// Function declarations and methods, and function values bound to a name (`bound`).
pub(super) fn is_named_function(kind: &str, bound: bool) -> bool {
    match kind {
        "function_declaration" | "generator_function_declaration" | "method_definition" => true,
        "function_expression" | "arrow_function" | "generator_function" => bound,
        _ => false,
    }
}

/// `for`, `for ... in/of`, `while` and `do`.
pub(super) fn is_loop(kind: &str) -> bool {
    matches!(kind, "for_statement" | "for_in_statement" | "while_statement" | "do_statement")
}

/// The field a loop iterates over, and the fields evaluated once, outside the loop.
pub(super) fn loop_fields(kind: &str) -> (Option<&'static str>, &'static [&'static str]) {
    match kind {
        "for_statement" => (None, &["initializer", "init"]),
        "for_in_statement" => (Some("right"), &["right"]),
        _ => (None, &[]),
    }
}

/// A function value, which a declarator names (`const f = () => ...`).
pub(super) fn is_function_value(kind: &str) -> bool {
    matches!(kind, "arrow_function" | "function_expression" | "generator_function")
}

/// `stack[stack.length - 1]` (`index` without whitespace).
pub(super) fn is_top_index(base: &str, index: &str) -> bool {
    index == format!("{base}.length-1")
}

/// Stack and queue signals from how one container is used.
pub(super) fn container_signals(container: &ContainerUse, signals: &mut BTreeSet<Signal>) {
    use super::uses::{PUSH, SHIFT};
    if container.has(PUSH) && container.pops_as_stack() {
        signals.insert(Signal::Stack);
    }
    if container.has(PUSH) && container.has(SHIFT) {
        signals.insert(Signal::Bfs);
    }
}

impl<'s> Walker<'s> {
    /// Sorting, and array methods whose callback runs once per element.
    pub(super) fn on_javascript_call<'t>(&mut self, call: &CallShape<'s, 't>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
        let has_object = call.object.is_some();
        if has_object && matches!(call.name, "sort" | "toSorted") {
            self.note_sort();
        }
        if has_object && JS_ITERATION.contains(&call.name) {
            self.plan_callback_loop(call.arguments, ctx, plan);
        }
    }
}
