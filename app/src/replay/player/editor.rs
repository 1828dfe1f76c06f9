//! The code at the moment shown: a read-only Monaco once it loads, and before that (or
//! without JavaScript) the code as plain text — the final code until the history arrives.

use leptos::prelude::*;

use crate::domain::Language;
use crate::replay::player::{final_code, Player};
use crate::replay::timeline::format_moment;
use crate::ui::layout::{BrowserSlot, THEME_EVENT};
use crate::ui::monaco::{self, CodeEditor, EditorOptions, Theme};

/// The editor's accessible name.
pub const EDITOR_LABEL: &str = "Code at this moment (read-only)";

/// The page's theme, for the editor.
fn page_theme() -> Theme {
    let theme = document().document_element().and_then(|e| e.get_attribute("data-theme"));
    Theme::parse(theme.as_deref().unwrap_or("light"))
}

#[component]
pub fn ReplayEditor(p: Player) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let slot: BrowserSlot<CodeEditor> = BrowserSlot::new();
    let ready = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let shown_language = StoredValue::new(None::<Language>);
    let (final_text, final_language) = p.manifest.with_value(|m| (final_code(m), m.diff.final_language));

    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if ready.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Err(e) = monaco::load().await {
                failed.set(Some(e));
                return;
            }
            if slot.is_set() || !el.is_connected() {
                return;
            }
            let (language, value) = p.code.get_untracked().unwrap_or((final_language, String::new()));
            let editor = CodeEditor::new(
                &el,
                &EditorOptions { value: &value, language, theme: page_theme(), label: EDITOR_LABEL },
            );
            editor.set_read_only(true);
            shown_language.set_value(Some(language));
            slot.set(editor);
            ready.set(true);
        });
    });
    // The editor follows the moment: only a change of the code replaces its text.
    Effect::new(move |_| {
        let code = p.code.get();
        if !ready.get() {
            return;
        }
        let Some((language, text)) = code else { return };
        slot.with(|e| {
            if shown_language.get_value() != Some(language) {
                e.set_language(language);
                shown_language.set_value(Some(language));
            }
            if e.value() != text {
                e.set_value(&text);
            }
        });
    });
    // And the site's theme toggle.
    Effect::new(move |_| {
        let follow = window_event_listener_untyped(THEME_EVENT, move |_| {
            if slot.is_set() {
                monaco::set_theme(page_theme());
            }
        });
        on_cleanup(move || follow.remove());
    });
    on_cleanup(move || drop(slot.take()));

    let label = move || match p.code.get() {
        Some((language, _)) => format!("Code at {} ({})", format_moment(p.t.get()), language.label()),
        None => format!("Final code ({})", final_language.label()),
    };
    let text = move || p.code.get().map(|(_, code)| code).unwrap_or_else(|| final_text.clone());
    view! {
        <section class="replay-code" aria-labelledby="replay-code-heading">
            <h2 id="replay-code-heading">"Code"</h2>
            <div class="replay-editor" node_ref=host hidden=move || !ready.get()></div>
            <pre class="output replay-pre" role="region" tabindex="0" aria-label=label hidden=move || ready.get()>{text}</pre>
            {move || failed.get().map(|e| view! { <p class="muted small">{format!("The editor could not be loaded ({e}); the code is shown as text.")}</p> })}
            {move || p.chunk_error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        </section>
    }
}
