//! The error type every server function returns: a stable code the client can act on and a
//! human message. Internal causes are logged on the server and never cross the wire.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// An error a user can see. `Display` is the message shown in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request needs a signed-in user.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// The thing asked for does not exist or is not the caller's.
    #[error("Not found.")]
    NotFound,
    /// An input failed validation; `field` names the form field.
    #[error("{message}")]
    Validation { field: String, message: String },
    /// Several form fields failed validation at once, each with its own message (a form
    /// reports every problem together; a single one stays `Validation`).
    #[error("{}", .errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))]
    Invalid { errors: Vec<FieldError> },
    /// The request conflicts with existing data (for example an email already registered).
    #[error("{0}")]
    Conflict(String),
    /// The user already has an interview in progress (its id, when known).
    #[error("You already have an interview in progress. Finish or end it before starting another.")]
    AlreadyOpen { session_id: Option<String> },
    /// The interview has ended: nothing more can be written to it.
    #[error("This interview has ended.")]
    Ended,
    /// The thing asked for existed but is no longer available (a revoked or expired share
    /// link); the message says which.
    #[error("{0}")]
    Gone(String),
    /// Too many attempts; the client may retry after `retry_after_secs`.
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    /// Code was run (or submitted) `per_minute` times in the last minute, the most allowed.
    #[error(
        "You can run or submit code at most {per_minute} times a minute. Try again in {retry_after_secs} seconds."
    )]
    TooManyRuns { per_minute: u32, retry_after_secs: u64 },
    /// A credential or token was wrong, expired or already used.
    #[error("{0}")]
    InvalidCredentials(String),
    /// The request came from another site and was refused.
    #[error("This request was refused because it did not come from Sparring.")]
    Forbidden,
    /// The request body is over the size the server reads.
    #[error("The request is too large (at most {} MB).", .max_bytes >> 20)]
    TooLarge { max_bytes: u64 },
    /// The action costs a credit and the balance is zero.
    #[error("You have no credits left. Each interview uses one credit.")]
    NoCredits,
    /// A service this needs is not available right now (for example code execution).
    #[error("{0}")]
    Unavailable(String),
    /// Something failed on the server; details are in the server log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The call could not reach the server or its reply could not be read.
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
    /// Builds a validation error for one form field.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation { field: field.to_string(), message: message.into() }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            Self::Unauthorized => S::UNAUTHORIZED,
            Self::NotFound => S::NOT_FOUND,
            Self::Gone(_) => S::GONE,
            Self::Validation { .. } | Self::Invalid { .. } => S::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) | Self::AlreadyOpen { .. } | Self::Ended => S::CONFLICT,
            Self::RateLimited { .. } | Self::TooManyRuns { .. } => S::TOO_MANY_REQUESTS,
            Self::InvalidCredentials(_) => S::UNAUTHORIZED,
            Self::Forbidden => S::FORBIDDEN,
            Self::TooLarge { .. } => S::PAYLOAD_TOO_LARGE,
            Self::Unavailable(_) => S::SERVICE_UNAVAILABLE,
            Self::NoCredits => S::PAYMENT_REQUIRED,
            Self::Internal | Self::Transport(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// The headers this error is sent with besides its status: `Retry-After` for
    /// `RateLimited`. Written here only, so that a server function, the run stream and every
    /// middleware send the same ones.
    pub fn headers(&self) -> Vec<(http::HeaderName, http::HeaderValue)> {
        match self {
            Self::RateLimited { retry_after_secs } | Self::TooManyRuns { retry_after_secs, .. } => {
                vec![(http::header::RETRY_AFTER, http::HeaderValue::from(*retry_after_secs))]
            }
            _ => Vec::new(),
        }
    }

    /// The form field this error belongs to, if any (the first one for `Invalid`).
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            Self::Invalid { errors } => errors.first().map(|e| e.field.as_str()),
            _ => None,
        }
    }

    /// The message for one form field, if this error names it.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        match self {
            Self::Validation { field: f, message } if f == field => Some(message),
            Self::Invalid { errors } => errors.iter().find(|e| e.field == field).map(|e| e.message.as_str()),
            _ => None,
        }
    }

    /// Whether this error is about named form fields only (each shown next to its field),
    /// rather than about the form as a whole.
    pub fn is_about_fields(&self) -> bool {
        match self {
            Self::Validation { field, .. } => !field.is_empty(),
            Self::Invalid { errors } => !errors.is_empty() && errors.iter().all(|e| !e.field.is_empty()),
            _ => false,
        }
    }
}

/// One form field's problem: the field's name (the form input's `name`) and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Collects every field's problem in a form, so that a form is answered with all of them at
/// once. The same checks run in the browser before sending and on the server after.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps a parsed value, or records its error (under its field) and gives `None`.
    pub fn check<T>(&mut self, parsed: Result<T, AppError>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(err) => {
                self.push_error(err);
                None
            }
        }
    }

    /// Records a problem with `field`. A field keeps only its first problem.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError { field: field.to_string(), message: message.into() });
        }
    }

    fn push_error(&mut self, err: AppError) {
        match err {
            AppError::Validation { field, message } => self.add(&field, message),
            AppError::Invalid { errors } => errors.into_iter().for_each(|e| self.add(&e.field, e.message)),
            other => self.add("", other.to_string()),
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error for what was recorded: one problem is `Validation`, more are `Invalid`.
    /// With nothing recorded this is `Internal` (a caller asks only after a check failed).
    pub fn into_error(mut self) -> AppError {
        match self.0.len() {
            0 => AppError::Internal,
            1 => {
                let FieldError { field, message } = self.0.remove(0);
                AppError::Validation { field, message }
            }
            _ => AppError::Invalid { errors: self.0 },
        }
    }

    /// `Ok(())` when nothing was recorded, else the error.
    pub fn finish(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                Self::Validation { field: String::new(), message: format!("Invalid request: {}", shorten(&msg)) }
            }
            // On the server, a request body that cannot be decoded (not UTF-8, not a form) is
            // the client's mistake; in the browser the same error means a reply did not arrive.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(msg) | ServerFnErrorErr::Request(msg) => Self::Validation {
                field: String::new(),
                message: format!("Invalid request: the body could not be read ({})", shorten(&msg)),
            },
            ServerFnErrorErr::ServerError(_) | ServerFnErrorErr::MiddlewareError(_) => Self::Internal,
            other => Self::Transport(other.to_string()),
        }
    }
}

/// The one way an `AppError` leaves the server outside a server function's own reply: its
/// status, its headers and the JSON body server functions send (`FromServerFnError::ser`),
/// which the browser's server-function client decodes into the same `AppError`.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let mut res = (
            self.status(),
            [(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"))],
            FromServerFnError::ser(&self),
        )
            .into_response();
        for (name, value) in self.headers() {
            res.headers_mut().insert(name, value);
        }
        res
    }
}

/// An error's echo of the request, cut to a readable length (an argument can be megabytes).
fn shorten(text: &str) -> String {
    const MAX: usize = 300;
    if text.len() <= MAX {
        return text.to_string();
    }
    let end = (0..=MAX).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    format!("{}…", &text[..end])
}
