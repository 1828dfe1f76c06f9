//! The built-in evaluator and the job that runs it (through a hosted model when configured).

pub mod evaluator;
pub mod jobs;
pub mod prompts;
