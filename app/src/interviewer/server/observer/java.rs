//! Java: its grammar and the rules that only Java code needs, most of them about declared types.

use std::collections::BTreeSet;

use tree_sitter::Node;

use super::{first_named, CallShape, ContainerUse, Cost, Ctx, Plan, Walker};
use crate::interviewer::types::Signal;

/// The most calls on possible priority queues kept.
const MAX_QUEUE_CALLS: usize = 1024;
/// Java types that are hash maps or hash sets.
pub(super) const HASH_TYPES: &[&str] =
    &["HashMap", "HashSet", "Map", "Set", "LinkedHashMap", "LinkedHashSet", "Hashtable", "ConcurrentHashMap"];
/// Java types used as FIFO queues.
const QUEUE_TYPES: &[&str] = &["Queue", "Deque", "ArrayDeque", "LinkedList"];
/// Java stream and collection methods whose lambda runs once per element.
const JAVA_ITERATION: &[&str] = &["forEach", "map", "filter", "reduce", "anyMatch", "allMatch", "noneMatch", "flatMap"];

/// The tree-sitter grammar.
pub(super) fn grammar() -> tree_sitter::Language {
    tree_sitter_java::LANGUAGE.into()
}

/// Methods and constructors.
pub(super) fn is_named_function(kind: &str) -> bool {
    matches!(kind, "method_declaration" | "constructor_declaration")
}

/// `for`, enhanced `for`, `while` and `do`.
pub(super) fn is_loop(kind: &str) -> bool {
    matches!(kind, "for_statement" | "enhanced_for_statement" | "while_statement" | "do_statement")
}

/// The field a loop iterates over, and the fields evaluated once, outside the loop.
pub(super) fn loop_fields(kind: &str) -> (Option<&'static str>, &'static [&'static str]) {
    match kind {
        "for_statement" => (None, &["initializer", "init"]),
        "enhanced_for_statement" => (Some("value"), &["value"]),
        _ => (None, &[]),
    }
}

/// Stack and queue signals from how one container is used; `declared` is its declared type.
pub(super) fn container_signals(container: &ContainerUse, declared: Option<&String>, signals: &mut BTreeSet<Signal>) {
    use super::uses::{POLL, POP, PUSH};
    if container.has(PUSH) && container.has(POP) {
        signals.insert(Signal::Stack);
    }
    let is_queue = match declared {
        Some(type_name) => QUEUE_TYPES.contains(&type_name.as_str()),
        None => container.queue_like,
    };
    if container.has(POLL) && is_queue {
        signals.insert(Signal::Bfs);
    }
}

impl<'s> Walker<'s> {
    /// Sorting, `binarySearch`, and stream methods whose lambda runs once per element.
    pub(super) fn on_java_call<'t>(&mut self, call: &CallShape<'s, 't>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
        let name = call.name;
        let has_object = call.object.is_some();
        if has_object && matches!(name, "sort" | "sorted") {
            self.note_sort();
        }
        if name == "binarySearch" {
            self.signals.insert(Signal::BinarySearch);
            self.costly_calls.push((ctx.in_loop, Cost::LOG));
        }
        if has_object && JAVA_ITERATION.contains(&name) {
            self.plan_callback_loop(call.arguments, ctx, plan);
        }
    }

    /// `queue.add(x)`, `queue.poll()`: a `log n` call if `queue` is declared a priority queue.
    pub(super) fn note_queue_call(&mut self, name: &str, receiver: &str, ctx: Ctx<'_>) {
        if matches!(name, "add" | "offer" | "poll" | "remove") && self.queue_calls.len() < MAX_QUEUE_CALLS {
            self.queue_calls.push((receiver.to_owned(), ctx.in_loop));
        }
    }

    /// The declared type of the variable `name` declared by a declarator in `declaration`
    /// (`var` takes the type of the object created).
    pub(super) fn note_declared_type(&mut self, name: &str, declaration: Option<Node<'_>>, value: Option<Node<'_>>) {
        if let Some(declaration) = declaration {
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

    /// A Java method or lambda parameter's declared type.
    pub(super) fn on_java_declaration(&mut self, node: Node<'_>) {
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
}
