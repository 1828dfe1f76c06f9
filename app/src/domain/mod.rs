//! Validated values shared by the browser and the server. Each newtype parses its input
//! once; code that holds one never re-checks it.

pub mod error;
pub mod format;

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::domain::error::AppError;

/// A normalised (trimmed, lower-cased) email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct Email(String);

impl TryFrom<String> for Email {
    type Error = AppError;
    /// Deserializing parses too: a Email is never built unchecked.
    fn try_from(raw: String) -> Result<Self, AppError> {
        Self::parse(&raw)
    }
}

impl Email {
    /// Parses and normalises an email address.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let value = raw.trim().to_lowercase();
        let err = |m: &str| AppError::validation("email", m);
        if value.is_empty() {
            return Err(err("Enter your email address."));
        }
        if value.len() > 254 {
            return Err(err("That email address is too long (254 characters at most)."));
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err(err("An email address needs an @, like name@example.com."));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c == '@' || c.is_control());
        if !local_ok || !domain_ok {
            return Err(err("That doesn't look like an email address, like name@example.com."));
        }
        Ok(Self(value))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Minimum password length (NIST SP 800-63B recommends at least 8; we ask for 10).
pub const PASSWORD_MIN: usize = 10;
/// Maximum password length, so hashing cost stays bounded.
pub const PASSWORD_MAX: usize = 128;

/// The shortest local part of an email ("ada" of ada@example.com) a password may not contain.
pub const MIN_LOCAL_PART: usize = 3;

/// A password that meets the rules. Deliberately neither `Serialize` nor `Display`.
pub struct NewPassword(String);

impl NewPassword {
    /// Checks a new password against the rules, given the account's email.
    pub fn parse(raw: &str, email: &Email) -> Result<Self, AppError> {
        let err = |m: String| AppError::validation("password", m);
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN {
            return Err(err(format!("Use at least {PASSWORD_MIN} characters for your password.")));
        }
        if chars > PASSWORD_MAX {
            return Err(err(format!("Use at most {PASSWORD_MAX} characters for your password.")));
        }
        let mut distinct: Vec<char> = raw.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 4 {
            return Err(err("Use a less repetitive password (at least 4 different characters).".into()));
        }
        let lower = raw.to_lowercase();
        let address = email.as_str().to_lowercase();
        let local = address.split('@').next().unwrap_or_default();
        if lower.contains(&address) {
            return Err(err("Your password must not contain your email address.".into()));
        }
        // A local part of one or two characters would rule out most passwords; from three on
        // ("ada") it is refused wherever it appears, in any case.
        if local.chars().count() >= MIN_LOCAL_PART && lower.contains(local) {
            return Err(err(format!("Your password must not contain the name in your email address (\"{local}\").")));
        }
        if COMMON_PASSWORDS.contains(&lower.as_str()) {
            return Err(err("That password is too common. Choose another.".into()));
        }
        Ok(Self(raw.to_string()))
    }

    /// The password text, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "qwertyuiop",
    "password123",
    "password12",
    "password1234",
    "iloveyou12",
    "1q2w3e4r5t",
    "qwerty1234",
    "1qaz2wsx3edc",
    "abcdefghij",
    "letmein123",
    "welcome123",
    "sparring123",
    "administrator",
    "passw0rd123",
    "trustno1234",
];

/// A display name: 1 to 60 visible characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct DisplayName(String);

impl TryFrom<String> for DisplayName {
    type Error = AppError;
    /// Deserializing parses too: a DisplayName is never built unchecked.
    fn try_from(raw: String) -> Result<Self, AppError> {
        Self::parse(&raw)
    }
}

impl DisplayName {
    /// Parses a display name.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let v = raw.trim();
        if v.is_empty() {
            return Err(AppError::validation("display_name", "Enter a display name."));
        }
        if v.chars().count() > 60 {
            return Err(AppError::validation("display_name", "Use at most 60 characters for your display name."));
        }
        if v.chars().any(char::is_control) {
            return Err(AppError::validation(
                "display_name",
                "Your display name contains characters that can't be shown.",
            ));
        }
        Ok(Self(v.to_string()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How experienced the candidate is; tunes the interviewer later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExperienceLevel {
    Student,
    Junior,
    Mid,
    Senior,
    Staff,
}

impl ExperienceLevel {
    /// Every level, in order, for selects.
    pub const ALL: [Self; 5] = [Self::Student, Self::Junior, Self::Mid, Self::Senior, Self::Staff];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Student => "student",
            Self::Junior => "junior",
            Self::Mid => "mid",
            Self::Senior => "senior",
            Self::Staff => "staff",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Student => "Student or new graduate",
            Self::Junior => "Junior (0–2 years)",
            Self::Mid => "Mid-level (2–5 years)",
            Self::Senior => "Senior (5+ years)",
            Self::Staff => "Staff or principal",
        }
    }

    /// Parses a stored code.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|l| l.code() == raw)
            .ok_or_else(|| AppError::validation("experience_level", "Choose an experience level from the list."))
    }
}

/// A programming language a candidate can practise in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Python,
    Javascript,
    Java,
}

impl Language {
    /// Every language, for selects.
    pub const ALL: [Self; 3] = [Self::Python, Self::Javascript, Self::Java];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Python => "python",
            Self::Javascript => "javascript",
            Self::Java => "java",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Python => "Python",
            Self::Javascript => "JavaScript",
            Self::Java => "Java",
        }
    }

    /// Parses a stored code.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|l| l.code() == raw)
            .ok_or_else(|| AppError::validation("preferred_language", "Choose a language from the list."))
    }
}

/// How a result is compared with the expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareMode {
    /// Equal as values.
    Exact,
    /// Equal as multisets (order ignored).
    Unordered,
    /// Equal as multisets of multisets (order ignored at both levels).
    UnorderedNested,
    /// Numbers equal within a tolerance.
    Float,
}

/// How hard a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    /// Every difficulty, easiest first.
    pub const ALL: [Self; 3] = [Self::Easy, Self::Medium, Self::Hard];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Easy => "easy",
            Self::Medium => "medium",
            Self::Hard => "hard",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Easy => "Easy",
            Self::Medium => "Medium",
            Self::Hard => "Hard",
        }
    }

    /// 1 for easy, 2 for medium, 3 for hard: the list's sort key.
    pub fn rank(self) -> i64 {
        self as i64 + 1
    }

    /// Parses a stored code.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|d| d.code() == raw)
            .ok_or_else(|| AppError::validation("difficulty", "Choose easy, medium or hard."))
    }
}

impl TryFrom<String> for Language {
    type Error = AppError;
    fn try_from(raw: String) -> Result<Self, AppError> {
        Self::parse(&raw)
    }
}

/// The largest code an edit or snapshot may carry; the browser and the server both enforce it.
/// One limit for code everywhere: the editor, runs, snapshots and the observer.
pub const MAX_CODE_BYTES: usize = 50 * 1024;

/// Refuses code over [`MAX_CODE_BYTES`], the one limit shared by the editor, runs, snapshots
/// and the observer; `field` names the form field the error belongs to.
pub fn check_code_size(field: &str, code: &str) -> Result<(), AppError> {
    if code.len() > MAX_CODE_BYTES {
        return Err(AppError::validation(field, format!("Code can be at most {} KB.", MAX_CODE_BYTES / 1024)));
    }
    Ok(())
}

/// The verdict of one test case (or, for a whole run, of its first failing case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accepted,
    WrongAnswer,
    RuntimeError,
    TimeLimit,
    MemoryLimit,
    OutputLimit,
    CompileError,
    /// Not reached because the program stopped on an earlier case.
    NotRun,
}

impl Verdict {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::WrongAnswer => "wrong_answer",
            Self::RuntimeError => "runtime_error",
            Self::TimeLimit => "time_limit",
            Self::MemoryLimit => "memory_limit",
            Self::OutputLimit => "output_limit",
            Self::CompileError => "compile_error",
            Self::NotRun => "not_run",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Accepted => "Accepted",
            Self::WrongAnswer => "Wrong Answer",
            Self::RuntimeError => "Runtime Error",
            Self::TimeLimit => "Time Limit Exceeded",
            Self::MemoryLimit => "Memory Limit Exceeded",
            Self::OutputLimit => "Output Limit Exceeded",
            Self::CompileError => "Compile Error",
            Self::NotRun => "Not Run",
        }
    }
}

/// Companies the candidate is preparing for: at most 10 names of at most 60 characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>")]
pub struct TargetCompanies(Vec<String>);

impl TryFrom<Vec<String>> for TargetCompanies {
    type Error = AppError;
    /// Deserializing parses too: each name is checked as if typed in the form.
    fn try_from(names: Vec<String>) -> Result<Self, AppError> {
        if names.iter().any(|n| n.contains(',')) {
            return Err(AppError::validation("target_companies", "Company names cannot contain commas."));
        }
        Self::parse(&names.join(","))
    }
}

impl TargetCompanies {
    /// Parses a comma-separated list, dropping blanks and duplicates.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let mut out: Vec<String> = Vec::new();
        for name in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if name.chars().count() > 60 {
                return Err(AppError::validation(
                    "target_companies",
                    "Each company name can be at most 60 characters.",
                ));
            }
            if name.chars().any(char::is_control) {
                return Err(AppError::validation(
                    "target_companies",
                    "Company names contain characters that can't be shown.",
                ));
            }
            if !out.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                out.push(name.to_string());
            }
        }
        if out.len() > 10 {
            return Err(AppError::validation("target_companies", "List at most 10 target companies."));
        }
        Ok(Self(out))
    }

    /// The names.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// The names joined for a text field.
    pub fn joined(&self) -> String {
        self.0.join(", ")
    }
}

/// Run the visible cases, or submit against all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunMode {
    Run,
    Submit,
}

impl RunMode {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Run => "run",
            Self::Submit => "submit",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::*;

    fn email() -> Email {
        Email::parse("Ada@Example.com").unwrap()
    }

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(Email::parse("  Ada@Example.COM ").unwrap().as_str(), "ada@example.com");
    }

    #[test]
    fn malformed_emails_are_refused_with_a_field_error() {
        for bad in ["", "ada", "ada@", "@example.com", "ada@example", "a da@example.com", "ada@exa..mple.com"] {
            let err = Email::parse(bad).unwrap_err();
            assert_eq!(err.field(), Some("email"), "{bad}");
        }
    }

    #[test]
    fn short_repetitive_common_or_email_like_passwords_are_refused() {
        let e = email();
        assert!(NewPassword::parse("short", &e).is_err());
        assert!(NewPassword::parse("aaaaaaaaaaaa", &e).is_err());
        assert!(NewPassword::parse("Password123", &e).is_err());
        assert!(NewPassword::parse("ada@example.com", &e).is_err());
        assert!(NewPassword::parse("correct horse battery", &e).is_ok());
    }

    #[test]
    fn a_password_containing_the_email_or_its_local_part_is_refused_in_any_case() {
        let e = email();
        for bad in ["ada@example.com-secret", "my ADA@Example.COM key", "xx-Ada-lovelace-99", "zzzadazzz12"] {
            let err = NewPassword::parse(bad, &e).err().unwrap_or_else(|| panic!("{bad} was accepted"));
            assert_eq!(err.field(), Some("password"), "{bad}");
            assert!(err.to_string().contains("email address"), "{bad}: {err}");
        }
        let short = Email::parse("al@example.com").unwrap();
        assert!(NewPassword::parse("alpine meadow 42", &short).is_ok(), "a two-letter local part is not policed");
        assert!(NewPassword::parse("my al@example.com pass", &short).is_err());
        assert!(NewPassword::parse(&"x1y2z3".repeat(30), &e).is_err());
        assert!(NewPassword::parse("correct horse battery", &e).is_ok());
    }

    #[test]
    fn target_companies_are_deduplicated_and_bounded() {
        let t = TargetCompanies::parse("Acme, acme, , Globex").unwrap();
        assert_eq!(t.names(), ["Acme", "Globex"]);
        let many = (0..11).map(|i| format!("C{i}")).collect::<Vec<_>>().join(",");
        assert!(TargetCompanies::parse(&many).is_err());
    }

    #[test]
    fn levels_and_languages_round_trip_through_their_codes() {
        for l in ExperienceLevel::ALL {
            assert_eq!(ExperienceLevel::parse(l.code()).unwrap(), l);
        }
        for l in Language::ALL {
            assert_eq!(Language::parse(l.code()).unwrap(), l);
        }
        assert!(Language::parse("cobol").is_err());
    }
}

#[cfg(test)]
mod deserialize_tests {
    use super::{DisplayName, Email, TargetCompanies};

    #[test]
    fn validated_newtypes_are_parsed_when_deserialized_never_taken_as_they_come() {
        assert!(serde_json::from_str::<Email>("\"not an email\"").is_err());
        assert_eq!(serde_json::from_str::<Email>("\" Ann@Example.com \"").unwrap().as_str(), "ann@example.com");
        assert!(serde_json::from_str::<DisplayName>("\"\"").is_err());
        assert!(serde_json::from_str::<DisplayName>(&format!("\"{}\"", "x".repeat(61))).is_err());
        let eleven: Vec<String> = (0..11).map(|i| format!("Company {i}")).collect();
        assert!(serde_json::from_value::<TargetCompanies>(serde_json::json!(eleven)).is_err());
        assert!(serde_json::from_value::<TargetCompanies>(serde_json::json!(["a,b"])).is_err());
        let ok = serde_json::from_value::<TargetCompanies>(serde_json::json!(["Acme", "Globex"])).unwrap();
        assert_eq!(ok, TargetCompanies::parse("Acme, Globex").unwrap());
    }
}
