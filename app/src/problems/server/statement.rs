//! The statement as a candidate reads it: the author's Markdown without what the page already
//! shows from the problem's metadata (the title, the constraints list), plus the structure
//! conventions generated from the function's signature, so no statement has to repeat them.

use crate::problems::server::format::Signature;
use crate::problems::server::types::ValueType;

/// A structure that the harness defines for candidate code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Structure {
    ListNode,
    TreeNode,
}

/// The structures a signature uses, in a fixed order.
pub fn structures(signature: &Signature) -> Vec<Structure> {
    let uses = |t: ValueType| signature.returns == t || signature.params.iter().any(|p| p.ty == t);
    let mut out = Vec::new();
    if uses(ValueType::ListNode) {
        out.push(Structure::ListNode);
    }
    if uses(ValueType::TreeNode) {
        out.push(Structure::TreeNode);
    }
    out
}

/// The Markdown section stating the conventions of every structure the signature uses, in
/// each language (empty when it uses none). Matches the harnesses in `platform/executor`.
pub fn conventions(signature: &Signature) -> String {
    let used = structures(signature);
    if used.is_empty() {
        return String::new();
    }
    let mut md = String::from("## Data structures\n\n");
    for s in used {
        match s {
            Structure::ListNode => md.push_str(
                "A linked list is given as its first `ListNode` (an empty list is `None` in Python, `null` in \
                 JavaScript and Java). Each node has the fields `val` (its value) and `next` (the following \
                 node, or `None`/`null` at the end). The class is already defined: use it without defining it.\n\n\
                 - Python: `ListNode(val=0, next=None)`, fields `node.val`, `node.next`\n\
                 - JavaScript: `new ListNode(val = 0, next = null)`, fields `node.val`, `node.next`\n\
                 - Java: `ListNode` with `int val; ListNode next;` and the constructors `ListNode()`, \
                 `ListNode(int val)`, `ListNode(int val, ListNode next)`\n\n",
            ),
            Structure::TreeNode => md.push_str(
                "A binary tree is given as its root `TreeNode` (an empty tree is `None` in Python, `null` in \
                 JavaScript and Java). Each node has the fields `val` (its value), `left` and `right` (its \
                 children, or `None`/`null` when missing). The class is already defined: use it without \
                 defining it.\n\n\
                 - Python: `TreeNode(val=0, left=None, right=None)`, fields `node.val`, `node.left`, `node.right`\n\
                 - JavaScript: `new TreeNode(val = 0, left = null, right = null)`, fields `node.val`, \
                 `node.left`, `node.right`\n\
                 - Java: `TreeNode` with `int val; TreeNode left, right;` and the constructors `TreeNode()`, \
                 `TreeNode(int val)`, `TreeNode(int val, TreeNode left, TreeNode right)`\n\n",
            ),
        }
    }
    md
}

/// The level-2 section a heading line opens, lowercased (`"## Constraints"` → `"constraints"`).
fn section_name(line: &str) -> Option<String> {
    let rest = line.strip_prefix("## ")?;
    Some(rest.trim().trim_end_matches(':').to_lowercase())
}

/// Whether the Markdown has a level-2 section named `name` (case-insensitive), outside code.
pub fn has_section(markdown: &str, name: &str) -> bool {
    let mut fenced = false;
    markdown.lines().any(|line| {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            return false;
        }
        !fenced && section_name(line).is_some_and(|s| s == name)
    })
}

/// The statement without a leading `# Title` (the page shows the title), without its
/// `## Constraints` section when the problem lists them (`drop_constraints`; the page shows
/// that list), and with `extra` (Markdown) inserted before the examples, or at the end when
/// there is no examples section. Headings inside code fences are left alone.
pub fn shape(markdown: &str, drop_constraints: bool, extra: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + extra.len());
    let mut fenced = false;
    let mut skipping = false;
    let mut seen_text = false;
    let mut inserted = extra.is_empty();
    for line in markdown.lines() {
        let fence = line.trim_start().starts_with("```");
        if !fenced && !fence {
            if !seen_text && line.starts_with("# ") {
                // The title, as the first thing in the statement.
                seen_text = true;
                continue;
            }
            if let Some(name) = section_name(line) {
                skipping = drop_constraints && name == "constraints";
                if !inserted && name == "examples" {
                    out.push_str(extra);
                    inserted = true;
                }
            } else if line.starts_with("# ") {
                skipping = false;
            }
        }
        if fence {
            fenced = !fenced;
        }
        if !line.trim().is_empty() {
            seen_text = true;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !inserted {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(extra);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::server::format::Param;

    fn sig(params: &[ValueType], returns: ValueType) -> Signature {
        Signature {
            name: "f".into(),
            returns,
            params: params.iter().enumerate().map(|(i, t)| Param { name: format!("p{i}"), ty: *t }).collect(),
        }
    }

    #[test]
    fn linked_list_problems_state_val_and_next_in_every_language() {
        let md = conventions(&sig(&[ValueType::ListNode, ValueType::ListNode], ValueType::ListNode));
        assert!(md.starts_with("## Data structures"));
        assert!(md.contains("`val`") && md.contains("`next`"));
        assert!(md.contains("Python: `ListNode(val=0, next=None)`"));
        assert!(md.contains("JavaScript: `new ListNode(val = 0, next = null)`"));
        assert!(md.contains("Java: `ListNode` with `int val; ListNode next;`"));
        assert!(!md.contains("TreeNode"));
        // Stated once even when several parameters are lists.
        assert_eq!(md.matches("Python:").count(), 1);
    }

    #[test]
    fn tree_problems_state_val_left_and_right_in_every_language() {
        let md = conventions(&sig(&[ValueType::TreeNode, ValueType::Int], ValueType::Bool));
        assert!(md.contains("`val`") && md.contains("`left`") && md.contains("`right`"));
        assert!(md.contains("Python: `TreeNode(val=0, left=None, right=None)`"));
        assert!(md.contains("JavaScript: `new TreeNode(val = 0, left = null, right = null)`"));
        assert!(md.contains("Java: `TreeNode` with `int val; TreeNode left, right;`"));
        assert!(!md.contains("ListNode"));
        // A returned tree counts too.
        assert!(conventions(&sig(&[ValueType::IntArray], ValueType::TreeNode)).contains("TreeNode"));
    }

    #[test]
    fn problems_without_structures_get_nothing() {
        assert_eq!(conventions(&sig(&[ValueType::IntArray, ValueType::Int], ValueType::IntArray)), "");
    }

    const STATEMENT: &str = "# Add Two Numbers\n\nAdd them.\n\n## Function\n\n`f(l1)`\n\n## Examples\n\n```\n## Constraints\n# not a title\n```\n\n## Notes\n\n- a note\n\n## Constraints\n\n- `1 <= n`\n";

    #[test]
    fn the_title_and_constraints_are_dropped_and_conventions_go_before_the_examples() {
        let out = shape(STATEMENT, true, "## Data structures\n\nListNode.\n\n");
        assert!(!out.contains("# Add Two Numbers"), "{out}");
        assert!(!out.contains("`1 <= n`"), "{out}");
        assert!(out.starts_with("\nAdd them.") || out.starts_with("Add them.") || out.starts_with("\n"), "{out}");
        // Code blocks are kept whole, headings in them included.
        assert!(out.contains("```\n## Constraints\n# not a title\n```"), "{out}");
        assert!(out.contains("## Notes\n\n- a note"), "{out}");
        let ds = out.find("## Data structures").unwrap();
        assert!(ds < out.find("## Examples").unwrap() && ds > out.find("## Function").unwrap(), "{out}");
    }

    #[test]
    fn constraints_stay_when_the_problem_lists_none_and_extra_goes_last_without_examples() {
        let out = shape("# T\n\nBody.\n\n## Constraints\n\n- c\n", false, "## Data structures\n\nX.\n\n");
        assert!(out.contains("## Constraints\n\n- c"), "{out}");
        assert!(out.trim_end().ends_with("X."), "{out}");
        assert!(!out.contains("# T\n"), "{out}");
        // A heading later in the text is not taken for the title.
        assert!(shape("Intro.\n\n# Part\n", false, "").contains("# Part"));
    }

    #[test]
    fn sections_are_found_outside_code_only() {
        assert!(has_section(STATEMENT, "examples"));
        assert!(!has_section("```\n## Examples\n```\n", "examples"));
        assert!(has_section("## Examples:\n", "examples"));
    }

    #[test]
    fn every_problem_in_the_bank_reads_each_part_once_and_states_its_structures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../problems");
        let (problems, bad) = crate::problems::server::load_bank(&root);
        assert!(bad.is_empty(), "{bad:?}");
        assert!(problems.len() >= 50);
        let mut with_lists = 0;
        let mut with_trees = 0;
        for p in &problems {
            let out = shape(&p.statement, !p.constraints.is_empty(), &conventions(&p.signature));
            let headings = |h: &str| out.lines().filter(|l| *l == h).count();
            assert!(!out.lines().any(|l| l.starts_with("# ")), "{}: the title is shown by the page", p.slug);
            assert_eq!(headings("## Examples"), 1, "{}", p.slug);
            assert_eq!(headings("## Constraints"), 0, "{}: the page lists the constraints", p.slug);
            let used = structures(&p.signature);
            assert_eq!(headings("## Data structures"), usize::from(!used.is_empty()), "{}", p.slug);
            if used.contains(&Structure::ListNode) {
                with_lists += 1;
                for needle in ["`val`", "`next`", "Python: `ListNode", "JavaScript: `new ListNode", "Java: `ListNode"] {
                    assert!(out.contains(needle), "{}: {needle}", p.slug);
                }
            }
            if used.contains(&Structure::TreeNode) {
                with_trees += 1;
                for needle in
                    ["`val`", "`left`", "`right`", "Python: `TreeNode", "JavaScript: `new TreeNode", "Java: `TreeNode"]
                {
                    assert!(out.contains(needle), "{}: {needle}", p.slug);
                }
            }
        }
        assert!(with_lists >= 5 && with_trees >= 9, "{with_lists} list and {with_trees} tree problems");
    }
}
