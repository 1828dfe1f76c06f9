//! What the browser knows of accounts: the signed-in user and a profile.

use serde::{Deserialize, Serialize};

use crate::domain::error::{AppError, FieldErrors};
use crate::domain::{DisplayName, Email, ExperienceLevel, Language, NewPassword, TargetCompanies, PASSWORD_MIN};

/// The signed-in user, as the browser sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// Admins see the AI usage page.
    #[serde(default)]
    pub is_admin: bool,
}

/// A user's profile and balance, as the owner sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub email: String,
    pub display_name: String,
    pub experience_level: ExperienceLevel,
    pub target_companies: TargetCompanies,
    pub preferred_language: Language,
    pub credits: i64,
    /// Practice on this server needs no credits (`credits_mode = "unlimited"`).
    #[serde(default)]
    pub credits_unlimited: bool,
    pub terms_version: String,
    pub member_since_ms: i64,
}

/// A sign-up form that passed every check. The browser runs the same checks before sending
/// (so every problem shows next to its field at once) and the server runs them again.
pub struct SignUpInput {
    pub display_name: DisplayName,
    pub email: Email,
    pub password: NewPassword,
}

/// The terms checkbox's problem, as shown next to it.
pub const ACCEPT_TERMS: &str = "Please accept the Terms and Privacy Policy to create an account.";

/// The password's rules need the account's email; while the email itself is not valid the
/// password is checked against this stand-in, which no one's password contains.
const STAND_IN_EMAIL: &str = "unknown@email.invalid";

fn new_password(errors: &mut FieldErrors, raw: &str, email: Option<&Email>) -> Option<NewPassword> {
    if raw.is_empty() {
        errors.add("password", format!("Choose a password of at least {PASSWORD_MIN} characters."));
        return None;
    }
    let stand_in = Email::parse(STAND_IN_EMAIL);
    let email = match (email, &stand_in) {
        (Some(email), _) | (None, Ok(email)) => email,
        (None, Err(_)) => return None,
    };
    errors.check(NewPassword::parse(raw, email))
}

impl SignUpInput {
    /// Checks every field and reports all problems together.
    pub fn parse(display_name: &str, email: &str, password: &str, accept_terms: bool) -> Result<Self, AppError> {
        let mut errors = FieldErrors::new();
        let display_name = errors.check(DisplayName::parse(display_name));
        let email = errors.check(Email::parse(email));
        let password = new_password(&mut errors, password, email.as_ref());
        if !accept_terms {
            errors.add("accept_terms", ACCEPT_TERMS);
        }
        match (display_name, email, password) {
            (Some(display_name), Some(email), Some(password)) if errors.is_empty() => {
                Ok(Self { display_name, email, password })
            }
            _ => Err(errors.into_error()),
        }
    }
}

/// Checks a sign-in form's shape before anything is looked up: both fields filled in and
/// the email well formed. Whether they match an account is only ever answered as a whole.
pub fn check_sign_in(email: &str, password: &str) -> Result<Email, AppError> {
    let mut errors = FieldErrors::new();
    let email = errors.check(Email::parse(email));
    if password.is_empty() {
        errors.add("password", "Enter your password.");
    }
    match email {
        Some(email) if errors.is_empty() => Ok(email),
        _ => Err(errors.into_error()),
    }
}

/// Checks a new password chosen from a reset link (the account's email is known only on
/// the server; the browser checks against the stand-in).
pub fn check_new_password(password: &str, email: Option<&Email>) -> Result<NewPassword, AppError> {
    let mut errors = FieldErrors::new();
    match new_password(&mut errors, password, email) {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(errors.into_error()),
    }
}

/// A profile form that passed every check.
pub struct ProfileInput {
    pub display_name: DisplayName,
    pub experience_level: ExperienceLevel,
    pub target_companies: TargetCompanies,
    pub preferred_language: Language,
}

impl ProfileInput {
    /// Checks every field and reports all problems together.
    pub fn parse(
        display_name: &str,
        experience_level: &str,
        target_companies: &str,
        preferred_language: &str,
    ) -> Result<Self, AppError> {
        let mut errors = FieldErrors::new();
        let display_name = errors.check(DisplayName::parse(display_name));
        let experience_level = errors.check(ExperienceLevel::parse(experience_level));
        let target_companies = errors.check(TargetCompanies::parse(target_companies));
        let preferred_language = errors.check(Language::parse(preferred_language));
        match (display_name, experience_level, target_companies, preferred_language) {
            (Some(display_name), Some(experience_level), Some(target_companies), Some(preferred_language))
                if errors.is_empty() =>
            {
                Ok(Self { display_name, experience_level, target_companies, preferred_language })
            }
            _ => Err(errors.into_error()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(err: AppError) -> Vec<String> {
        match err {
            AppError::Invalid { errors } => errors.into_iter().map(|e| e.field).collect(),
            AppError::Validation { field, .. } => vec![field],
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn an_empty_sign_up_names_every_field_at_once() {
        let err = SignUpInput::parse("", "", "", false).err().unwrap();
        assert_eq!(err.status(), http::StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.message_for("display_name"), Some("Enter a display name."));
        assert_eq!(err.message_for("email"), Some("Enter your email address."));
        assert!(err.message_for("password").unwrap().contains("at least 10"));
        assert_eq!(fields(err), ["display_name", "email", "password", "accept_terms"]);
    }

    #[test]
    fn a_bad_email_still_checks_the_password() {
        let err = SignUpInput::parse("Ada", "nope", "short", true).err().unwrap();
        assert_eq!(fields(err), ["email", "password"]);
        let ok = SignUpInput::parse("Ada", "ada@example.com", "a long pass phrase", true).unwrap();
        assert_eq!(ok.email.as_str(), "ada@example.com");
    }

    #[test]
    fn one_problem_stays_a_single_validation_error() {
        let err = SignUpInput::parse("Ada", "ada@example.com", "a long pass phrase", false).err().unwrap();
        assert_eq!(err, AppError::validation("accept_terms", ACCEPT_TERMS));
    }

    #[test]
    fn sign_in_and_profile_report_every_field() {
        assert_eq!(fields(check_sign_in("", "").unwrap_err()), ["email", "password"]);
        assert!(check_sign_in("ada@example.com", "x").is_ok());
        let eleven = (0..11).map(|i| format!("Company {i}")).collect::<Vec<_>>().join(",");
        let err = ProfileInput::parse("", "guru", &eleven, "cobol").err().unwrap();
        assert_eq!(fields(err), ["display_name", "experience_level", "target_companies", "preferred_language"]);
        assert_eq!(fields(check_new_password("", None).err().unwrap()), ["password"]);
    }
}
