//! The rules that turn the collected facts into insights: the time complexity, recursion and
//! container signals.

use std::collections::{BTreeSet, HashMap};

use super::{java, javascript, python, ContainerUse, Cost, FuncFacts, Recursion, SelfCall, Walker};
use crate::domain::Language;
use crate::interviewer::types::{Insights, Signal};

impl Walker<'_> {
    /// Turns the collected facts into insights.
    pub(super) fn finish(mut self, code_lines: u32) -> Insights {
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
            let container = ContainerUse::new(name, flags);
            match self.language {
                Language::Python => python::container_signals(&container, &mut self.signals),
                Language::Javascript => javascript::container_signals(&container, &mut self.signals),
                Language::Java => {
                    java::container_signals(&container, self.declared_types.get(name), &mut self.signals);
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
