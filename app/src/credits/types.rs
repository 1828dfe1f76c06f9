//! The credits slice's wire types and the values a grant is parsed into.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::domain::error::{AppError, FieldErrors};
use crate::domain::Email;

/// The largest number of credits one grant may give or take back.
pub const GRANT_MAX: i64 = 10_000;
/// The longest reason a grant may carry, in characters.
pub const REASON_MAX: usize = 200;

/// How many credits one grant adds (or, when negative, takes back as a correction):
/// -10000..=10000, never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantAmount(i64);

impl GrantAmount {
    /// Parses a whole number of credits.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let err = |m: String| AppError::validation("amount", m);
        let range = format!("Enter a whole number of credits from -{GRANT_MAX} to {GRANT_MAX}, other than 0.");
        let n: i64 = raw.trim().parse().map_err(|_| err(range.clone()))?;
        if n == 0 || !(-GRANT_MAX..=GRANT_MAX).contains(&n) {
            return Err(err(range));
        }
        Ok(Self(n))
    }

    /// The number of credits (negative for a correction).
    pub fn get(self) -> i64 {
        self.0
    }
}

/// Why credits were granted: 1..=200 characters of text, trimmed, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantReason(String);

impl GrantReason {
    /// Parses the reason a grant is given.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let value = raw.trim();
        let err = |m: &str| AppError::validation("reason", m);
        if value.is_empty() {
            return Err(err("Say why the credits are granted."));
        }
        if value.chars().count() > REASON_MAX {
            return Err(err("The reason is too long (200 characters at most)."));
        }
        if value.chars().any(char::is_control) {
            return Err(err("The reason must be one line of text."));
        }
        Ok(Self(value.to_string()))
    }

    /// The reason as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GrantReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a grant did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantOutcome {
    pub email: String,
    pub amount: i64,
    /// The account's balance after the grant.
    pub balance: i64,
}

/// One grant, as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantLine {
    pub id: i64,
    /// Who granted: an admin's email, or "command line".
    pub granted_by: String,
    /// The account that received the credits.
    pub email: String,
    pub amount: i64,
    pub reason: String,
    pub created_at: i64,
}

/// A grant form's input, checked field by field with every problem reported together (the
/// page runs this before sending, the server again).
pub fn check_grant(email: &str, amount: &str, reason: &str) -> Result<(Email, GrantAmount, GrantReason), AppError> {
    let mut errors = FieldErrors::new();
    let email = errors.check(Email::parse(email));
    let amount = errors.check(GrantAmount::parse(amount));
    let reason = errors.check(GrantReason::parse(reason));
    match (email, amount, reason) {
        (Some(email), Some(amount), Some(reason)) if errors.is_empty() => Ok((email, amount, reason)),
        _ => Err(errors.into_error()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::credits::types::*;

    #[test]
    fn amounts_outside_the_range_zero_and_non_numbers_are_refused_by_field() {
        for bad in ["0", "10001", "-10001", "abc", "", "1.5", "99999999999999999999999"] {
            assert_eq!(GrantAmount::parse(bad).unwrap_err().field(), Some("amount"), "{bad:?}");
        }
        assert_eq!(GrantAmount::parse(" 10000 ").unwrap().get(), 10_000);
        assert_eq!(GrantAmount::parse("-3").unwrap().get(), -3);
    }

    #[test]
    fn a_grant_reports_every_bad_field_at_once() {
        let err = check_grant("", "abc", "").err().unwrap();
        assert!(matches!(&err, AppError::Invalid { errors } if errors.len() == 3), "{err:?}");
        assert_eq!(err.message_for("email"), Some("Enter your email address."));
        assert!(err.message_for("amount").is_some() && err.message_for("reason").is_some());
        assert!(check_grant("ada@example.com", "5", "refund").is_ok());
    }

    #[test]
    fn a_reason_is_one_line_of_1_to_200_characters() {
        for bad in ["", "   ", "two\nlines"] {
            assert_eq!(GrantReason::parse(bad).unwrap_err().field(), Some("reason"), "{bad:?}");
        }
        assert!(GrantReason::parse(&"é".repeat(201)).is_err());
        assert_eq!(GrantReason::parse(&"é".repeat(200)).unwrap().as_str().chars().count(), 200);
        assert_eq!(GrantReason::parse("  refund  ").unwrap().as_str(), "refund");
    }
}
