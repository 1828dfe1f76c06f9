//! The walk: one pass over the syntax tree that collects facts, with each language's rules
//! called where they differ.

use std::collections::{BTreeSet, HashMap, HashSet};

use tree_sitter::{Node, Tree};

use super::{
    count_named, first_named, is_anonymous_function, is_comment, is_neighbour_name, is_prune_name, is_table_name, java,
    javascript, push_name, python, single_named_child, unwrap_parentheses, uses, Arms, BranchStep, CallShape, Ctx,
    FuncFacts, LoopFacts, Plan, SelfCall, Walker, GRAPH_WORDS, HEAP_HELPERS, MAX_SELF_CALLS, MAX_SYNTAX_ERRORS,
};
use crate::domain::Language;
use crate::interviewer::types::{Signal, SyntaxIssue};

impl<'s> Walker<'s> {
    pub(super) fn new(language: Language, src: &'s str) -> Self {
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
    pub(super) fn text(&self, node: Node<'_>) -> &'s str {
        self.src.get(node.byte_range()).unwrap_or("")
    }

    /// The text of a short node without whitespace; `None` for a long node.
    fn compact_text(&self, node: Node<'_>) -> Option<String> {
        const MAX_COMPACT: usize = 256;
        (node.byte_range().len() <= MAX_COMPACT).then(|| self.text(node).split_whitespace().collect())
    }

    /// Walks the whole tree in source order with an explicit stack.
    pub(super) fn walk(&mut self, tree: &Tree) {
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

    pub(super) fn push_issue(&mut self, issue: SyntaxIssue) {
        if self.errors.len() < MAX_SYNTAX_ERRORS && !self.errors.contains(&issue) {
            self.errors.push(issue);
        }
    }

    fn is_named_function(&self, node: Node<'_>, ctx: Ctx<'_>) -> bool {
        let kind = node.kind();
        match self.language {
            Language::Python => python::is_named_function(kind),
            Language::Javascript => javascript::is_named_function(kind, ctx.bound_name.is_some()),
            Language::Java => java::is_named_function(kind),
        }
    }

    fn is_loop(&self, kind: &str) -> bool {
        match self.language {
            Language::Python => python::is_loop(kind),
            Language::Javascript => javascript::is_loop(kind),
            Language::Java => java::is_loop(kind),
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
        let (iterable_field, outside) = match self.language {
            Language::Python => python::loop_fields(kind),
            Language::Javascript => javascript::loop_fields(kind),
            Language::Java => java::loop_fields(kind),
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
        plan.outside = outside;
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

        match self.language {
            Language::Python => self.on_python_call(&call, ctx),
            Language::Javascript => self.on_javascript_call(&call, ctx, plan),
            Language::Java => self.on_java_call(&call, ctx, plan),
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
        if self.language == Language::Java {
            self.note_queue_call(name, receiver, ctx);
        }
    }

    pub(super) fn note_sort(&mut self) {
        self.sorting = true;
        self.signals.insert(Signal::Sorting);
    }

    /// `xs.map(x => ...)`: the callback body runs inside a new loop level.
    pub(super) fn plan_callback_loop<'t>(&mut self, args: Option<Node<'t>>, ctx: Ctx<'t>, plan: &mut Plan<'t>) {
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
        if self.language == Language::Python && python::is_heap_name(name) {
            self.signals.insert(Signal::Heap);
        }
        let parent_kind = parent.map_or("", |p| p.kind());
        if lower.contains("heap")
            && (node.kind() == "type_identifier" || matches!(parent_kind, "class_declaration" | "class_definition"))
        {
            self.signals.insert(Signal::Heap);
        }
        if node.kind() == "type_identifier" {
            if java::HASH_TYPES.contains(&name) {
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
                    Language::Python => self.compact_text(index).is_some_and(|index| python::is_top_index(&index)),
                    Language::Javascript => {
                        self.compact_text(index).is_some_and(|index| javascript::is_top_index(base, &index))
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
            if self.language == Language::Javascript && javascript::is_function_value(value.kind()) {
                plan.value_name = Some(name_node);
            }
            self.note_binding(name, value);
        }
        if self.language == Language::Java {
            self.note_declared_type(name, parent, value);
        }
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
}
