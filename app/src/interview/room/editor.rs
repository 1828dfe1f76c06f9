//! Monaco in the room, loaded once its host element is in the page; until then (and on the
//! server, or if Monaco cannot load) a plain text area holds the code. The editor's theme is
//! the candidate's choice, kept in local storage.

use leptos::prelude::*;

use super::storage;
use crate::domain::Language;
use crate::ui::layout::BrowserSlot;
use crate::ui::monaco::{self, CodeEditor, EditorOptions, Theme};

const THEME_KEY: &str = "sparring-editor-theme";

/// What the editor calls back.
pub struct EditorHandlers<C, S, R, P> {
    /// Every change of the text.
    pub on_change: C,
    /// Ctrl/Cmd+S.
    pub on_save: S,
    /// Ctrl/Cmd+Enter.
    pub on_run: R,
    /// A paste, with how many characters it inserted.
    pub on_paste: P,
}

/// The room's editor (see [`use_code_editor`]).
#[derive(Clone, Copy)]
pub struct Editor {
    /// Where Monaco goes.
    pub host: NodeRef<leptos::html::Div>,
    /// Monaco, once loaded (never on the server).
    pub monaco: BrowserSlot<CodeEditor>,
    /// Monaco is in place (the text area is hidden).
    pub ready: RwSignal<bool>,
    /// Why Monaco could not load, if it could not.
    pub failed: RwSignal<Option<String>>,
    pub theme: RwSignal<Theme>,
}

impl Editor {
    /// Switches between the dark and light editor themes and remembers the choice.
    pub fn toggle_theme(self) {
        let t = if self.theme.get_untracked() == Theme::Dark { Theme::Light } else { Theme::Dark };
        self.theme.set(t);
        if let Some(s) = storage() {
            let _ = s.set_item(THEME_KEY, t.code());
        }
    }

    /// Replaces the code and its language (a language switch); `false` when Monaco is not
    /// there and the caller must update the text area's code itself.
    pub fn replace(self, language: Language, code: &str) -> bool {
        self.monaco
            .with(|e| {
                e.set_language(language);
                e.set_label(&format!("Your solution ({})", language.label()));
                e.set_value(code);
            })
            .is_some()
    }
}

/// Loads Monaco into the editor's host once the host is in the page, with the current code
/// and language, and wires its callbacks; never twice. The theme follows [`Editor::theme`].
pub fn use_code_editor<C, S, R, P>(
    source: RwSignal<String>,
    language: RwSignal<Language>,
    handlers: EditorHandlers<C, S, R, P>,
) -> Editor
where
    C: Fn(String) + Copy + 'static,
    S: Fn() + Copy + 'static,
    R: Fn() + Copy + 'static,
    P: Fn(u32) + Copy + 'static,
{
    let editor = Editor {
        host: NodeRef::new(),
        monaco: BrowserSlot::new(),
        ready: RwSignal::new(false),
        failed: RwSignal::new(None),
        theme: RwSignal::new(Theme::Dark),
    };
    let EditorHandlers { on_change, on_save, on_run, on_paste } = handlers;
    Effect::new(move |_| {
        if let Some(raw) = storage().and_then(|s| s.get_item(THEME_KEY).ok().flatten()) {
            editor.theme.set(Theme::parse(&raw));
        }
    });
    Effect::new(move |_| {
        let Some(el) = editor.host.get() else { return };
        if editor.ready.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Err(e) = monaco::load().await {
                editor.failed.set(Some(e));
                return;
            }
            if editor.monaco.is_set() || !el.is_connected() {
                return;
            }
            let lang = language.get_untracked();
            let label = format!("Your solution ({})", lang.label());
            let mut ed = CodeEditor::new(
                &el,
                &EditorOptions {
                    value: &source.get_untracked(),
                    language: lang,
                    theme: editor.theme.get_untracked(),
                    label: &label,
                },
            );
            ed.on_change(on_change);
            ed.on_ctrl_key("KeyS", on_save);
            ed.on_ctrl_key("Enter", on_run);
            ed.on_paste(on_paste);
            editor.monaco.set(ed);
            editor.ready.set(true);
        });
    });
    Effect::new(move |_| {
        let t = editor.theme.get();
        if editor.ready.get() {
            monaco::set_theme(t);
        }
    });
    on_cleanup(move || drop(editor.monaco.take()));
    editor
}
