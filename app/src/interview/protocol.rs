//! The realtime channel's messages: one WebSocket per open session, JSON text frames tagged by
//! `type`. Anything else is refused with an `error` message.

use serde::{Deserialize, Serialize};

use crate::domain::Language;
use crate::interview::types::SessionStatus;
use crate::interviewer::types::{ChatMessage, Insights};
use crate::problems::types::RunSummary;

/// The largest message either side may send; bigger ones close the socket with 1009.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
pub use crate::domain::MAX_CODE_BYTES;
/// The close code of a room replaced by a newer one of the same session (another window or
/// tab): the browser stops reconnecting and offers to take the session back.
pub const REPLACED: u16 = 4001;
/// The close reason sent with [`REPLACED`].
pub const REPLACED_REASON: &str = "This interview was opened in another window.";

/// What the browser sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// The first message: the single-use token from `realtime_token`.
    Hello { token: String },
    /// The editor's whole text after a burst of typing. `seq` counts the client's edits; the
    /// server acknowledges each and ignores ones it has already stored (re-sent after a
    /// reconnect).
    Edit { seq: u64, language: Language, code: String },
    /// Save a snapshot now (`manual`: Ctrl/Cmd+S) or as an automatic checkpoint.
    Snapshot { manual: bool, language: Language, code: String },
    /// Focus and paste signals for the session's record.
    Signal { kind: SignalKind, chars: Option<u32> },
    /// Something the candidate says to the interviewer (at most 2,000 characters).
    Chat { text: String },
    /// Asks for the server clock.
    Sync,
    /// Heartbeat.
    Ping,
}

impl ClientMessage {
    /// Whether an edit of `code` fits in one message however far its sequence number has
    /// counted. JSON escaping can make a message several times longer than the code itself
    /// (quotes, backslashes, control characters), so code under the code limit can still be
    /// too big to send; the server would close the socket, and the re-sent edit would close it
    /// again after every reconnect.
    pub fn edit_fits(language: Language, code: &str) -> bool {
        let probe = Self::Edit { seq: u64::MAX, language, code: code.to_string() };
        serde_json::to_string(&probe).is_ok_and(|text| text.len() <= MAX_MESSAGE_BYTES)
    }
}

/// A signal about the candidate's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    Focus,
    Blur,
    Paste,
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The channel is open; `last_edit_seq` is the last edit the server has stored.
    Ready { session_id: String, last_edit_seq: u64, server_now: i64, deadline_at: Option<i64>, status: SessionStatus },
    /// An edit was stored (or had been already).
    Ack { seq: u64 },
    /// A snapshot was stored (`event_seq`), or skipped because one was taken moments ago.
    Saved { event_seq: Option<i64> },
    /// The server clock.
    Time { server_now: i64, deadline_at: Option<i64>, status: SessionStatus },
    /// The session ended (deadline, or ended elsewhere); the socket closes after this.
    Ended { status: SessionStatus },
    /// A message was refused; the socket stays open.
    Error { message: String },
    /// Heartbeat answer.
    Pong,
    /// A chat message as stored: the candidate's own (echoed) or the interviewer's, whole.
    Chat { message: ChatMessage },
    /// The next piece of the interviewer's reply while it is being written.
    ChatDelta { text: String },
    /// The observer's view of the latest code.
    Insights { insights: Insights },
    /// A run or submission of this session finished (in this room or another tab); its cases
    /// stream to the room that started it over its own request.
    Run { summary: RunSummary },
}

#[cfg(test)]
mod tests {
    use crate::interview::protocol::*;

    #[test]
    fn an_edit_fits_by_its_encoded_size_not_the_code_length() {
        let plain = "x".repeat(MAX_CODE_BYTES);
        assert!(ClientMessage::edit_fits(Language::Python, &plain));
        // Under the code limit, but every quote doubles and every control character grows six-fold.
        let quoted = "\"".repeat(40 * 1024);
        assert!(quoted.len() <= MAX_CODE_BYTES);
        assert!(!ClientMessage::edit_fits(Language::Python, &quoted));
        let controls = "\u{1}".repeat(12 * 1024);
        assert!(!ClientMessage::edit_fits(Language::Python, &controls));
    }
}
