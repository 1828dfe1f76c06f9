//! Shared UI: the layout around every page, toasts, formatters and the Monaco bindings.

pub mod layout;
pub mod monaco;
pub mod output;
pub mod routes;
pub mod virtual_list;
