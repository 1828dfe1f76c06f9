//! Accounts on the server: sign-up, sign-in, password resets and profiles.

pub mod accounts;
pub mod passwords;
