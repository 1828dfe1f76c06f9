//! The replay player: the code at any moment in a read-only editor, a timeline with its
//! tracks and a scrubber, playback controls with keyboard shortcuts, and panels (chat, runs,
//! integrity signals, start-vs-final diff) beside it. It opens with the [`Manifest`] and
//! fetches the code's history a chunk at a time as playback reaches it.

mod controls;
mod editor;
mod panels;
mod scrubber;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::domain::error::AppError;
use crate::domain::Language;
use crate::replay::timeline;
use crate::replay::types::{Chunk, Manifest, RunDetail};

/// Where a replay's data comes from: the owner's own session, or a share link's token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Owner(String),
    Shared(String),
}

impl Source {
    /// The address of its manifest; chunks and runs are under it.
    pub fn base(&self) -> String {
        match self {
            Self::Owner(id) => format!("/api/replays/{}", encode(id)),
            Self::Shared(token) => format!("/api/shared/{}", encode(token)),
        }
    }
}

/// Percent-encodes a path segment (ids and tokens are plain, but the address bar is not).
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn network(_: wasm_bindgen::JsValue) -> AppError {
    AppError::Unavailable("The server could not be reached; check your connection and try again.".into())
}

/// `GET`s JSON from the server (in the browser): the body on success, the server's
/// [`AppError`] otherwise.
pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, AppError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or_else(|| network(wasm_bindgen::JsValue::NULL))?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(url)).await.map_err(network)?.unchecked_into();
    let text =
        JsFuture::from(response.text().map_err(network)?).await.map_err(network)?.as_string().unwrap_or_default();
    if !response.ok() {
        return Err(serde_json::from_str::<AppError>(&text).unwrap_or_else(|_| {
            AppError::Unavailable(format!("The replay could not be loaded (HTTP {}).", response.status()))
        }));
    }
    serde_json::from_str(&text)
        .map_err(|_| AppError::Unavailable("The server's answer could not be read; reload the page.".into()))
}

/// The speeds playback offers.
pub const SPEEDS: [u32; 6] = [1, 2, 4, 8, 16, 32];

/// The player's state, shared by its parts.
#[derive(Clone, Copy)]
pub struct Player {
    pub manifest: StoredValue<Manifest>,
    pub base: StoredValue<String>,
    /// The moment shown, ms after the clock started.
    pub t: RwSignal<i64>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<u32>,
    pub skip_idle: RwSignal<bool>,
    chunks: StoredValue<HashMap<usize, Chunk>>,
    pending: StoredValue<HashSet<usize>>,
    /// Bumped when a chunk arrives.
    loaded: RwSignal<u32>,
    /// Why part of the history could not be loaded.
    pub chunk_error: RwSignal<Option<String>>,
    /// The code at the moment shown, once its chunk is here.
    pub code: Memo<Option<(Language, String)>>,
    /// The run whose results are open, and them once fetched.
    pub open_run: RwSignal<Option<usize>>,
    pub run_detail: RwSignal<Option<Result<RunDetail, AppError>>>,
    runs: StoredValue<HashMap<usize, RunDetail>>,
    /// The chat entry a marker pointed at.
    pub chat_focus: RwSignal<Option<usize>>,
}

impl Player {
    fn new(manifest: Manifest, source: &Source, start: i64) -> Self {
        let t = RwSignal::new(start.clamp(0, manifest.length_ms.max(0)));
        let manifest = StoredValue::new(manifest);
        let chunks: StoredValue<HashMap<usize, Chunk>> = StoredValue::new(HashMap::new());
        let loaded = RwSignal::new(0u32);
        let code = Memo::new(move |_| {
            loaded.track();
            let t = t.get();
            let index = manifest.with_value(|m| (!m.chunks.is_empty()).then(|| timeline::chunk_for(&m.chunks, t)))?;
            chunks.with_value(|c| c.get(&index).map(|chunk| timeline::code_at(chunk, t)))
        });
        Self {
            manifest,
            base: StoredValue::new(source.base()),
            t,
            playing: RwSignal::new(false),
            speed: RwSignal::new(1),
            skip_idle: RwSignal::new(true),
            chunks,
            pending: StoredValue::new(HashSet::new()),
            loaded,
            chunk_error: RwSignal::new(None),
            code,
            open_run: RwSignal::new(None),
            run_detail: RwSignal::new(None),
            runs: StoredValue::new(HashMap::new()),
            chat_focus: RwSignal::new(None),
        }
    }

    pub fn length(self) -> i64 {
        self.manifest.with_value(|m| m.length_ms.max(0))
    }

    /// Shows the moment `t` (clamped to the session).
    pub fn seek(self, t: i64) {
        self.t.set(t.clamp(0, self.length()));
    }

    pub fn step(self, by_ms: i64) {
        self.seek(self.t.get_untracked() + by_ms);
    }

    pub fn next_event(self) {
        let t = self.t.get_untracked();
        if let Some(at) = self.manifest.with_value(|m| timeline::next_marker(&m.markers, t).map(|m| m.t)) {
            self.seek(at);
        }
    }

    pub fn previous_event(self) {
        let t = self.t.get_untracked();
        let at = self.manifest.with_value(|m| timeline::previous_marker(&m.markers, t).map(|m| m.t));
        self.seek(at.unwrap_or(0));
    }

    pub fn toggle(self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else {
            // Playing from the end starts over.
            if self.t.get_untracked() >= self.length() {
                self.t.set(0);
            }
            self.playing.set(true);
        }
    }

    /// Advances playback by `elapsed_ms` of real time.
    fn advance(self, elapsed_ms: i64) {
        let length = self.length();
        let mut next = self.t.get_untracked() + elapsed_ms * i64::from(self.speed.get_untracked());
        if self.skip_idle.get_untracked() {
            if let Some(to) = self.manifest.with_value(|m| timeline::skip_idle(&m.idle, next)) {
                next = to;
            }
        }
        if next >= length {
            self.t.set(length);
            self.playing.set(false);
        } else {
            self.t.set(next);
        }
    }

    /// Fetches chunk `index` unless it is here or on its way.
    fn ensure_chunk(self, index: usize) {
        if self.chunks.with_value(|c| c.contains_key(&index)) || self.pending.with_value(|p| p.contains(&index)) {
            return;
        }
        self.pending.update_value(|p| {
            p.insert(index);
        });
        let url = format!("{}/chunks/{index}", self.base.get_value());
        leptos::task::spawn_local(async move {
            match get_json::<Chunk>(&url).await {
                Ok(chunk) => {
                    self.chunks.update_value(|c| {
                        c.insert(index, chunk);
                    });
                    self.pending.update_value(|p| {
                        p.remove(&index);
                    });
                    self.loaded.update(|n| *n += 1);
                }
                // Left pending: a failed chunk is not asked for again and again.
                Err(e) => self.chunk_error.set(Some(format!("Part of the code's history could not be loaded: {e}"))),
            }
        });
    }

    /// Opens run `index`'s results (fetched once).
    pub fn show_run(self, index: usize) {
        self.open_run.set(Some(index));
        if let Some(detail) = self.runs.with_value(|r| r.get(&index).cloned()) {
            self.run_detail.set(Some(Ok(detail)));
            return;
        }
        self.run_detail.set(None);
        let url = format!("{}/runs/{index}", self.base.get_value());
        leptos::task::spawn_local(async move {
            let result = get_json::<RunDetail>(&url).await;
            if let Ok(d) = &result {
                self.runs.update_value(|r| {
                    r.insert(index, d.clone());
                });
            }
            if self.open_run.get_untracked() == Some(index) {
                self.run_detail.set(Some(result));
            }
        });
    }

    /// Seeks to chat entry `index`; the chat scrolls to it.
    pub fn focus_chat(self, index: usize) {
        if let Some(t) = self.manifest.with_value(|m| m.chat.get(index).map(|c| c.t)) {
            self.seek(t);
        }
        self.chat_focus.set(Some(index));
    }
}

/// The code at the end, from the diff: what the page shows before the editor is there.
fn final_code(m: &Manifest) -> String {
    m.diff
        .lines
        .iter()
        .filter(|l| l.change != crate::replay::types::Change::Removed)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The moment a link asks for (`?t=MM:SS`), or the start.
fn start_moment() -> i64 {
    let query = leptos_router::hooks::use_query_map();
    query.with_untracked(|q| q.get("t").and_then(|raw| timeline::parse_moment(&raw))).unwrap_or(0)
}

/// The player, for a manifest from `source`.
#[component]
pub fn ReplayPlayer(manifest: Manifest, source: Source) -> impl IntoView {
    let start = start_moment();
    let p = Player::new(manifest, &source, start);

    // The chunk of the moment shown, and while playing the next one too.
    Effect::new(move |_| {
        let t = p.t.get();
        let playing = p.playing.get();
        let wanted = p.manifest.with_value(|m| {
            if m.chunks.is_empty() {
                return Vec::new();
            }
            let i = timeline::chunk_for(&m.chunks, t);
            if playing && i + 1 < m.chunks.len() {
                vec![i, i + 1]
            } else {
                vec![i]
            }
        });
        for i in wanted {
            p.ensure_chunk(i);
        }
    });

    // Playback: every 50 ms, by the real time elapsed times the speed.
    Effect::new(move |_| {
        if !p.playing.get() {
            return;
        }
        let last = StoredValue::new(web_sys::js_sys::Date::now());
        let handle = set_interval_with_handle(
            move || {
                let now = web_sys::js_sys::Date::now();
                let elapsed = (now - last.get_value()).max(0.0) as i64;
                last.set_value(now);
                p.advance(elapsed);
            },
            std::time::Duration::from_millis(50),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    });

    controls::use_shortcuts(p);

    view! {
        <div class="replay-player">
            <div class="replay-stage">
                <editor::ReplayEditor p />
                <scrubber::Timeline p />
                <controls::Controls p />
            </div>
            <panels::Panels p />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::types::{Change, CodeDiff, DiffLine};

    #[test]
    fn addresses_escape_what_a_path_segment_cannot_hold() {
        assert_eq!(Source::Owner("0b5e-11".into()).base(), "/api/replays/0b5e-11");
        assert_eq!(Source::Shared("a/b?c d".into()).base(), "/api/shared/a%2Fb%3Fc%20d");
        assert_eq!(Source::Shared("é".into()).base(), "/api/shared/%C3%A9");
    }

    #[test]
    fn the_final_code_leaves_out_removed_lines() {
        let line = |change, text: &str| DiffLine { change, old: None, new: None, text: text.into() };
        let diff = CodeDiff {
            start_language: Language::Python,
            final_language: Language::Python,
            lines: vec![
                line(Change::Same, "def f():"),
                line(Change::Removed, "    pass"),
                line(Change::Added, "    return 1"),
            ],
            added: 1,
            removed: 1,
        };
        let m = Manifest {
            title: String::new(),
            slug: String::new(),
            difficulty: crate::domain::Difficulty::Easy,
            status: crate::record::SessionStatus::Completed,
            duration_minutes: 30,
            started_at: 0,
            length_ms: 0,
            owner: None,
            chat_included: true,
            markers: Vec::new(),
            runs: Vec::new(),
            chat: Vec::new(),
            density: Vec::new(),
            density_bucket_ms: 60_000,
            idle: Vec::new(),
            idle_threshold_ms: 20_000,
            integrity: Default::default(),
            chunks: Vec::new(),
            diff,
        };
        assert_eq!(final_code(&m), "def f():\n    return 1");
    }

    #[test]
    fn markers_sit_in_proportion_and_never_outside() {
        assert_eq!(scrubber::percent(30_000, 60_000), 50.0);
        assert_eq!(scrubber::percent(-5, 60_000), 0.0);
        assert_eq!(scrubber::percent(90_000, 60_000), 100.0);
        assert_eq!(scrubber::percent(10, 0), 0.0);
    }

    #[test]
    fn markers_that_would_overlap_take_the_next_row() {
        assert_eq!(scrubber::levels(&[0.0, 1.0, 10.0, 10.5, 10.6, 30.0]), vec![0, 1, 0, 1, 2, 0]);
        // Beyond the last row they share it.
        assert_eq!(scrubber::levels(&[5.0; 6]), vec![0, 1, 2, 3, 3, 3]);
    }
}
