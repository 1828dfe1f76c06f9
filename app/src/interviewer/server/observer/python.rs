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

/// The first line Python refuses with "unexpected indent": a line indented deeper than the code
/// line before it when that line opens no block (does not end with `:`), outside brackets,
/// strings and `\` continuations. Tree-sitter's grammar recovers from such a line silently.
pub(super) fn unexpected_indent(code: &str) -> Option<u32> {
    let mut brackets: i32 = 0;
    let mut in_triple: Option<&'static [u8]> = None;
    // The indent of the last logical line, and whether it opens a block.
    let mut previous: Option<(usize, bool)> = None;
    let mut continued = false;
    for (i, line) in code.lines().enumerate() {
        let trimmed = line.trim();
        let starts_logical = brackets == 0 && in_triple.is_none() && !continued;
        let indent = line.len() - line.trim_start().len();
        if starts_logical && is_code_line(trimmed) {
            let deeper = match previous {
                None => indent > 0,
                Some((before, opens)) => indent > before && !opens,
            };
            if deeper {
                return u32::try_from(i + 1).ok();
            }
        }
        let tail = scan(line.as_bytes(), &mut brackets, &mut in_triple);
        let opens = tail.last() == Some(&b':');
        if starts_logical && is_code_line(trimmed) {
            previous = Some((indent, opens));
        } else if let Some((before, _)) = previous.filter(|_| !starts_logical) {
            // A continuation line: whether the logical line opens a block is told by its end.
            previous = Some((before, opens));
        }
        continued = tail.last() == Some(&b'\\');
        brackets = brackets.max(0);
    }
    None
}

/// Scans one line: counts brackets outside strings and comments, follows triple-quoted
/// strings across lines, and returns the line's code without strings' contents or comments,
/// trailing blanks trimmed.
fn scan(bytes: &[u8], brackets: &mut i32, in_triple: &mut Option<&'static [u8]>) -> Vec<u8> {
    const DOUBLE: &[u8] = b"\"\"\"";
    const SINGLE: &[u8] = b"'''";
    let mut code = Vec::new();
    let mut quote: Option<u8> = None;
    let mut j = 0;
    while j < bytes.len() {
        let rest = &bytes[j..];
        if let Some(t) = *in_triple {
            if rest.starts_with(t) {
                *in_triple = None;
                code.push(b'"');
                j += 3;
            } else {
                j += 1;
            }
            continue;
        }
        let b = bytes[j];
        match quote {
            Some(_) if b == b'\\' => j += 1,
            Some(q) if b == q => {
                quote = None;
                code.push(b'"');
            }
            Some(_) => {}
            None if rest.starts_with(DOUBLE) || rest.starts_with(SINGLE) => {
                *in_triple = Some(if b == b'"' { DOUBLE } else { SINGLE });
                j += 3;
                continue;
            }
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' => break,
            None => {
                match b {
                    b'(' | b'[' | b'{' => *brackets += 1,
                    b')' | b']' | b'}' => *brackets -= 1,
                    _ => {}
                }
                code.push(b);
            }
        }
        j += 1;
    }
    while code.last().is_some_and(u8::is_ascii_whitespace) {
        code.pop();
    }
    code
}

#[cfg(test)]
mod indent_tests {
    use super::unexpected_indent;
    use crate::domain::Language;
    use crate::interviewer::server::observer::analyse;

    #[test]
    fn an_unexpected_indent_is_a_syntax_error_on_its_line_before_any_estimate() {
        let code = "def f(nums):\n    total = 0\n        for n in nums:\n            total += n\n    return total\n";
        assert_eq!(unexpected_indent(code), Some(3));
        let insights = analyse(Language::Python, code);
        assert!(!insights.parses, "{insights:?}");
        assert_eq!(insights.syntax_errors[0].line, 3, "{insights:?}");
        assert!(insights.syntax_errors[0].message.contains("Unexpected indent"), "{insights:?}");
        assert_eq!(insights.complexity, None, "no complexity guess for code Python refuses");
        assert_eq!(unexpected_indent("  x = 1\n"), Some(1));
        // A parse failure the grammar itself finds: its line, and no estimate either.
        let broken = analyse(Language::Python, "def f(xs):\n    for x in xs\n        print(x)\n");
        assert!(!broken.parses && broken.syntax_errors[0].line == 2, "{broken:?}");
        assert_eq!(broken.complexity, None, "{broken:?}");
    }

    #[test]
    fn valid_layouts_are_not_flagged() {
        let fine = [
            "def f(a,\n      b):\n    return a + b\n",
            "if foo(a,\n       b):\n    x = 1\n",
            "def f():\n    \"\"\"Doc\n       more doc\n    \"\"\"\n    return 1\n",
            "x = {\n    'a': 1,\n        'b': 2,\n}\ny = 2\n",
            "total = 1 + \\\n        2\nprint(total)\n",
            "def f():\n    # a comment\n        # an indented comment\n    return 1\n",
            "s = 'not # a comment ('\nt = 1\n",
            "class A:\n    def f(self):\n        return [x for x in (1, 2)]\n\n    def g(self):  # note:\n        pass\n",
        ];
        for code in fine {
            assert_eq!(unexpected_indent(code), None, "{code}");
        }
    }
}
