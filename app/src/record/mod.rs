//! The typed record of an interview session.
