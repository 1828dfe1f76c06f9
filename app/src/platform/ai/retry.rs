//! Which failures are retried, how long to wait between attempts (exponential backoff that
//! honours `Retry-After`), and the user-facing message each failure carries.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::platform::ai::gateway::GatewayError;

/// Longest provider message kept in an error.
const MAX_MESSAGE_CHARS: usize = 300;

/// A failed attempt and whether it may be retried.
#[derive(Debug)]
pub(super) struct Failure {
    pub(super) error: GatewayError,
    pub(super) retryable: bool,
    pub(super) retry_after: Option<Duration>,
}

impl Failure {
    pub(super) fn fatal(error: GatewayError) -> Self {
        Failure { error, retryable: false, retry_after: None }
    }

    pub(super) fn transient(error: GatewayError) -> Self {
        Failure { error, retryable: true, retry_after: None }
    }
}

/// Maps a genai error to a user-facing error and a retry decision; `secret` is redacted from messages.
pub(super) fn classify_error(err: &genai::Error, secret: Option<&str>) -> Failure {
    use genai::webc::Error as WebError;
    use genai::Error as E;

    if let Some((status, body, retry_after)) = http_error_parts(err) {
        return http_failure(status, &body, retry_after, secret);
    }
    match err {
        E::WebModelCall { webc_error, .. } | E::WebAdapterCall { webc_error, .. } => match webc_error {
            WebError::Reqwest(source) => Failure::transient(GatewayError::Network(root_cause(source))),
            WebError::ResponseFailedNotJson { content_type, .. } => Failure::fatal(GatewayError::InvalidResponse(
                format!("expected JSON but got content type '{}'", truncate(content_type, 60)),
            )),
            WebError::ResponseFailedInvalidJson { .. } => {
                Failure::fatal(GatewayError::InvalidResponse("the response was not valid JSON".into()))
            }
            _ => Failure::fatal(GatewayError::InvalidResponse("the response could not be read".into())),
        },
        E::WebStream { error, .. } => {
            if error.downcast_ref::<genai::webc::StreamTimeout>().is_some() {
                Failure::transient(GatewayError::Timeout)
            } else {
                Failure::transient(GatewayError::Network(root_cause(error.as_ref())))
            }
        }
        E::ChatResponse { body, .. } => event_failure(body, secret),
        E::RequiresApiKey { .. }
        | E::NoAuthResolver { .. }
        | E::NoAuthData { .. }
        | E::Resolver { .. }
        | E::ModelMapperFailed { .. }
        | E::AdapterKindMismatch { .. }
        | E::ClientBuildFail { .. } => {
            Failure::fatal(GatewayError::Config("the provider, model or API key could not be resolved".into()))
        }
        E::ChatReqHasNoMessages { .. }
        | E::LastChatMessageIsNotUser { .. }
        | E::MessageRoleNotSupported { .. }
        | E::MessageContentTypeNotSupported { .. }
        | E::JsonModeWithoutInstruction => {
            Failure::fatal(GatewayError::InvalidRequest("the provider does not accept this conversation".into()))
        }
        _ => Failure::fatal(GatewayError::InvalidResponse("the response could not be parsed".into())),
    }
}

/// Status, body and `Retry-After` of an HTTP error response, from a plain call or a stream.
fn http_error_parts(err: &genai::Error) -> Option<(u16, String, Option<Duration>)> {
    use genai::webc::Error as WebError;
    use genai::Error as E;

    match err {
        E::HttpError { status, body, headers, .. }
        | E::WebModelCall { webc_error: WebError::ResponseFailedStatus { status, body, headers }, .. }
        | E::WebAdapterCall { webc_error: WebError::ResponseFailedStatus { status, body, headers }, .. } => {
            Some((status.as_u16(), body.clone(), retry_after_header(headers)))
        }
        // Streams wrap the HTTP error in a boxed source.
        E::WebStream { error, .. } => error.downcast_ref::<genai::Error>().and_then(http_error_parts),
        _ => None,
    }
}

/// The wait a provider asked for in `retry-after-ms` or `Retry-After`.
fn retry_after_header(headers: &http::HeaderMap) -> Option<Duration> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    retry_after_from(get("retry-after-ms"), get("retry-after"), SystemTime::now())
}

fn http_failure(status: u16, body: &str, retry_after: Option<Duration>, secret: Option<&str>) -> Failure {
    let message = match status {
        401 => "the provider rejected the API key".to_owned(),
        403 => "the API key is not allowed to use this model or endpoint".to_owned(),
        _ => clean_message(&provider_message(body), secret),
    };
    Failure {
        error: GatewayError::Provider { status: Some(status), message },
        retryable: status == 429 || (500..=599).contains(&status),
        retry_after,
    }
}

/// An error event inside a stream (or an error body with HTTP 200).
fn event_failure(body: &Value, secret: Option<&str>) -> Failure {
    let error = body.get("error").filter(|e| e.is_object()).unwrap_or(body);
    let kind = error.get("type").and_then(Value::as_str).unwrap_or_default();
    let status_name = error.get("status").and_then(Value::as_str).unwrap_or_default();
    let code = error.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok());
    let retryable = matches!(kind, "overloaded_error" | "rate_limit_error" | "api_error" | "server_error")
        || matches!(status_name, "UNAVAILABLE" | "RESOURCE_EXHAUSTED" | "INTERNAL")
        || code.is_some_and(|c| c == 429 || (500..=599).contains(&c));
    let message = clean_message(&provider_message(&body.to_string()), secret);
    Failure {
        error: GatewayError::Provider { status: code.filter(|c| (400..=599).contains(c)), message },
        retryable,
        retry_after: None,
    }
}

/// The human-readable message from a provider error body (`error.message`, `error`, or `message`).
fn provider_message(body: &str) -> String {
    let trimmed = body.trim();
    if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
        let found = value
            .pointer("/error/message")
            .or_else(|| value.get("error").filter(|e| e.is_string()))
            .or_else(|| value.get("message"))
            .and_then(Value::as_str);
        if let Some(message) = found {
            return message.to_owned();
        }
    }
    if trimmed.is_empty() || trimmed.starts_with('<') || trimmed.starts_with('{') {
        "no details given".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Removes the API key if echoed, flattens whitespace and shortens.
fn clean_message(message: &str, secret: Option<&str>) -> String {
    let message = match secret {
        Some(secret) if !secret.is_empty() => message.replace(secret, "[redacted]"),
        _ => message.to_owned(),
    };
    let flat = message.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&flat, MAX_MESSAGE_CHARS)
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The innermost cause of a transport error (e.g. "Connection refused"), without URLs.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    truncate(&current.to_string(), 120)
}

/// Wait before the next attempt after attempt number `attempt` (1-based) failed.
///
/// `Retry-After` wins when it is no longer than `max`; otherwise `base · 2^(attempt-1)`, capped at `max`.
pub fn retry_delay(attempt: u32, retry_after: Option<Duration>, base: Duration, max: Duration) -> Duration {
    if let Some(wait) = retry_after.filter(|wait| *wait <= max) {
        return wait;
    }
    let exponent = attempt.saturating_sub(1).min(31);
    base.checked_mul(1u32 << exponent).map_or(max, |wait| wait.min(max))
}

/// Parses `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date) into a wait.
pub fn retry_after_from(retry_after_ms: Option<&str>, retry_after: Option<&str>, now: SystemTime) -> Option<Duration> {
    if let Some(ms) = retry_after_ms.and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite() && *v >= 0.0) {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = retry_after?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (0.0..1e9).contains(&secs).then(|| Duration::from_secs_f64(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::platform::ai::retry::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn backoff_doubles_and_caps() {
        let base = 10 * MS;
        let max = 50 * MS;
        assert_eq!(retry_delay(1, None, base, max), 10 * MS);
        assert_eq!(retry_delay(2, None, base, max), 20 * MS);
        assert_eq!(retry_delay(3, None, base, max), 40 * MS);
        assert_eq!(retry_delay(4, None, base, max), 50 * MS);
        assert_eq!(retry_delay(200, None, base, max), 50 * MS);
    }

    #[test]
    fn retry_after_wins_only_within_max() {
        let base = 10 * MS;
        let max = Duration::from_secs(5);
        assert_eq!(retry_delay(1, Some(Duration::from_secs(2)), base, max), Duration::from_secs(2));
        assert_eq!(retry_delay(1, Some(Duration::from_secs(60)), base, max), 10 * MS);
    }

    #[test]
    fn retry_after_parses_seconds_dates_and_ms() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(retry_after_from(None, Some("3"), now), Some(Duration::from_secs(3)));
        assert_eq!(retry_after_from(None, Some(" 1.5 "), now), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after_from(None, Some("Wed, 21 Oct 2015 07:28:07 GMT"), now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after_from(None, Some("Wed, 21 Oct 2015 07:27:00 GMT"), now), Some(Duration::ZERO));
        assert_eq!(retry_after_from(Some("250"), Some("9"), now), Some(Duration::from_millis(250)));
        assert_eq!(retry_after_from(None, Some("soon"), now), None);
        assert_eq!(retry_after_from(None, Some("-1"), now), None);
        assert_eq!(retry_after_from(None, None, now), None);
    }

    #[test]
    fn provider_messages_are_extracted_and_redacted() {
        let openai = r#"{"error":{"message":"Bad key sk-secret-123","type":"invalid_request_error"}}"#;
        assert_eq!(clean_message(&provider_message(openai), Some("sk-secret-123")), "Bad key [redacted]");
        assert_eq!(provider_message(r#"{"error":"model not found"}"#), "model not found");
        assert_eq!(provider_message("<html>bad gateway</html>"), "no details given");
        assert_eq!(truncate("abcdef", 3), "abc…");
    }

    #[test]
    fn stream_error_events_are_classified() {
        let overloaded = json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}});
        let failure = event_failure(&overloaded, None);
        assert!(failure.retryable);
        assert_eq!(failure.error, GatewayError::Provider { status: None, message: "Overloaded".into() });
        let invalid = json!({"message":"bad","type":"invalid_request_error"});
        assert!(!event_failure(&invalid, None).retryable);
        let gemini = json!({"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}});
        let failure = event_failure(&gemini, None);
        assert!(failure.retryable);
        assert_eq!(failure.error, GatewayError::Provider { status: Some(503), message: "busy".into() });
    }
}
