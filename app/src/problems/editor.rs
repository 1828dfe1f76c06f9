//! The problem page's code editor: the room's Monaco (loaded only once the page's editor host
//! is in the document), with a plain text area until then or if it cannot load, and the
//! candidate's code kept per (problem, language) in local storage, so switching language and
//! back, or reloading the page, restores it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::Language;
use crate::problems::types::Starter;
use crate::ui::layout::{BrowserSlot, THEME_EVENT};
use crate::ui::monaco::{self, CodeEditor, EditorOptions, Theme};

/// The local-storage key of a problem's draft in one language.
pub fn draft_key(slug: &str, language: Language) -> String {
    format!("sparring-draft:{slug}:{}", language.code())
}

/// The local-storage key of the language last used on a problem.
pub fn language_key(slug: &str) -> String {
    format!("sparring-draft-language:{slug}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The editor's accessible name.
pub fn editor_label(language: Language) -> String {
    format!("Your solution ({})", language.label())
}

/// The page's code: the language, the text, the starters, and the editor showing them.
#[derive(Clone, Copy)]
pub struct Workspace {
    pub slug: StoredValue<String>,
    pub starters: StoredValue<Vec<Starter>>,
    pub language: RwSignal<Language>,
    pub source: RwSignal<String>,
    /// Where Monaco goes.
    pub host: NodeRef<leptos::html::Div>,
    /// Monaco, once loaded (never on the server).
    pub monaco: BrowserSlot<CodeEditor>,
    /// Monaco is in place (the text area is hidden).
    pub ready: RwSignal<bool>,
    /// Why Monaco could not load, if it could not.
    pub failed: RwSignal<Option<String>>,
    /// What happened to the draft last ("Restored your draft…").
    pub status: RwSignal<String>,
}

impl Workspace {
    pub fn starter(self, language: Language) -> String {
        self.starters
            .with_value(|s| s.iter().find(|s| s.language == language).map(|s| s.code.clone()))
            .unwrap_or_default()
    }

    /// The saved draft of `language`, if there is one.
    fn draft(self, language: Language) -> Option<String> {
        let key = draft_key(&self.slug.get_value(), language);
        storage().and_then(|s| s.get_item(&key).ok().flatten())
    }

    /// Keeps `code` as the draft of the current language (none when it is the starter).
    fn remember(self, code: &str) {
        let Some(s) = storage() else { return };
        let language = self.language.get_untracked();
        let key = draft_key(&self.slug.get_value(), language);
        if code == self.starter(language) {
            let _ = s.remove_item(&key);
        } else {
            let _ = s.set_item(&key, code);
        }
    }

    /// Every change of the text, from either editor.
    pub fn changed(self, code: String) {
        self.remember(&code);
        self.source.set(code);
    }

    /// Shows `code` in whichever editor is there.
    fn show(self, language: Language, code: String) {
        let label = editor_label(language);
        self.monaco.with(|e| {
            e.set_language(language);
            e.set_label(&label);
            e.set_value(&code);
        });
        self.source.set(code);
    }

    /// Switches language: the current code stays saved, and the other language's draft (or
    /// its starter) comes back.
    pub fn switch(self, to: Language) {
        if to == self.language.get_untracked() {
            return;
        }
        self.remember(&self.source.get_untracked());
        let code = self.draft(to).unwrap_or_else(|| self.starter(to));
        self.language.set(to);
        if let Some(s) = storage() {
            let _ = s.set_item(&language_key(&self.slug.get_value()), to.code());
        }
        self.show(to, code);
        self.status.set(format!("Switched to {}", to.label()));
    }

    /// Puts the starter back in place of the current language's code, after asking.
    pub fn reset(self) {
        let language = self.language.get_untracked();
        let question =
            format!("Replace your {} code with the starter code? Your draft will be lost.", language.label());
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        let code = self.starter(language);
        if let Some(s) = storage() {
            let _ = s.remove_item(&draft_key(&self.slug.get_value(), language));
        }
        self.show(language, code);
        self.status.set(format!("Reset to the {} starter", language.label()));
    }

    /// Brings back the language last used and its draft, once the page runs in the browser.
    fn restore(self) {
        let slug = self.slug.get_value();
        let offered = |l: Language| self.starters.with_value(|s| s.iter().any(|s| s.language == l));
        let saved = storage()
            .and_then(|s| s.get_item(&language_key(&slug)).ok().flatten())
            .and_then(|raw| Language::parse(&raw).ok())
            .filter(|l| offered(*l));
        let language = saved.unwrap_or_else(|| self.language.get_untracked());
        self.language.set(language);
        match self.draft(language) {
            Some(code) => {
                self.show(language, code);
                self.status.set("Restored your draft from this device".into());
            }
            None if saved.is_some() => self.show(language, self.starter(language)),
            None => {}
        }
    }
}

/// The page's theme, for the editor.
fn page_theme() -> Theme {
    let theme = document().document_element().and_then(|e| e.get_attribute("data-theme"));
    Theme::parse(theme.as_deref().unwrap_or("light"))
}

/// Sets up the workspace: restores the draft and loads Monaco into [`Workspace::host`] once
/// it is in the page, never twice. `on_run` is bound to Ctrl/Cmd+Enter.
pub fn use_workspace(slug: String, starters: Vec<Starter>, on_run: impl Fn() + Copy + 'static) -> Workspace {
    let first = starters.first().map(|s| s.language).unwrap_or(Language::Python);
    let source = starters.first().map(|s| s.code.clone()).unwrap_or_default();
    let ws = Workspace {
        slug: StoredValue::new(slug),
        starters: StoredValue::new(starters),
        language: RwSignal::new(first),
        source: RwSignal::new(source),
        host: NodeRef::new(),
        monaco: BrowserSlot::new(),
        ready: RwSignal::new(false),
        failed: RwSignal::new(None),
        status: RwSignal::new(String::new()),
    };
    Effect::new(move |_| ws.restore());
    Effect::new(move |_| {
        let Some(el) = ws.host.get() else { return };
        if ws.ready.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Err(e) = monaco::load().await {
                ws.failed.set(Some(e));
                return;
            }
            if ws.monaco.is_set() || !el.is_connected() {
                return;
            }
            let language = ws.language.get_untracked();
            let label = editor_label(language);
            let mut editor = CodeEditor::new(
                &el,
                &EditorOptions { value: &ws.source.get_untracked(), language, theme: page_theme(), label: &label },
            );
            editor.on_change(move |code| ws.changed(code));
            editor.on_ctrl_key("Enter", on_run);
            ws.monaco.set(editor);
            ws.ready.set(true);
        });
    });
    // The editor follows the site's theme toggle.
    Effect::new(move |_| {
        let follow = window_event_listener_untyped(THEME_EVENT, move |_| {
            if ws.monaco.is_set() {
                monaco::set_theme(page_theme());
            }
        });
        on_cleanup(move || follow.remove());
    });
    on_cleanup(move || drop(ws.monaco.take()));
    ws
}

/// Tab in the plain text area indents (four spaces) instead of leaving it; Escape, then Tab,
/// leaves it, and Shift+Tab always does.
pub fn text_area_keys(ws: Workspace, escaped: StoredValue<bool>, ev: leptos::ev::KeyboardEvent) {
    let key = ev.key();
    if key == "Escape" {
        escaped.set_value(true);
        return;
    }
    if key != "Tab" || ev.shift_key() || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
        escaped.set_value(false);
        return;
    }
    if escaped.get_value() {
        escaped.set_value(false);
        return;
    }
    let Some(area) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
    ev.prevent_default();
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    if area.set_range_text_with_start_and_end("    ", start, end).is_ok() {
        let _ = area.set_selection_start(Some(start + 4));
        let _ = area.set_selection_end(Some(start + 4));
        ws.changed(area.value());
    }
}
