//! The app shell: navigation, footer, theme, toasts, shared form pieces, error and 404 pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use send_wrapper::SendWrapper;

use crate::domain::error::AppError;

/// The Content-Security-Policy for HTML pages: scripts only from us or with this response's
/// nonce, WASM compilation allowed, nothing framed, no plugins. Pages with the code editor
/// (`editor`) also allow `<style>` elements: Monaco writes its theme and layout rules into
/// style elements it creates at run time and has no way to give them a nonce. Scripts stay
/// locked down there too, and links into the editor pages load a new document so that only
/// those pages carry the wider style rule.
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: &str, reload_port: u32, dev: bool, editor: bool) -> String {
    let connect =
        if dev { format!("'self' ws://127.0.0.1:{reload_port} ws://localhost:{reload_port}") } else { "'self'".into() };
    // Monaco also loads its icon font from a data: URL.
    let (style, font) = if editor { ("'self' 'unsafe-inline'", "'self' data:") } else { ("'self'", "'self'") };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src {style}; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src {font}; connect-src {connect}; \
         media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

// ---------- browser-only values ----------

/// A slot for a value only the browser creates, such as a socket or an editor, owned by a
/// component that the server renders too.
///
/// The server renders a page on whichever threads of its pool it likes and cleans the page's
/// components up at the end of the response, often on another thread. Leptos's thread-bound
/// `LocalStorage` panics there (when read or dropped off its thread), and a panic in that
/// cleanup leaves the thread's reactive owner set, which then leaks into the next requests
/// on that thread. This slot is thread-safe storage that stays empty on the server; in the
/// browser (one thread) it holds the value.
pub struct BrowserSlot<T: 'static>(StoredValue<Option<SendWrapper<T>>>);

impl<T: 'static> Clone for BrowserSlot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for BrowserSlot<T> {}

impl<T: 'static> BrowserSlot<T> {
    /// An empty slot, disposed with the current owner.
    pub fn new() -> Self {
        Self(StoredValue::new(None))
    }

    /// Puts a value in, dropping any previous one.
    pub fn set(&self, value: T) {
        self.0.set_value(Some(SendWrapper::new(value)));
    }

    /// Runs `f` on the value, if there is one.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.0.try_with_value(|v| v.as_deref().map(f)).flatten()
    }

    /// Whether the slot holds a value.
    pub fn is_set(&self) -> bool {
        self.0.try_with_value(Option::is_some).unwrap_or(false)
    }

    /// Takes the value out, leaving the slot empty.
    pub fn take(&self) -> Option<T> {
        self.0.try_update_value(|v| v.take().map(SendWrapper::take)).flatten()
    }
}

impl<T: 'static> Default for BrowserSlot<T> {
    fn default() -> Self {
        Self::new()
    }
}

// ---------- toasts ----------

/// A short message shown in the corner.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
}

/// The toast queue.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    /// Shows a message for five seconds.
    pub fn push(&self, text: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, text: text.into() }));
        let items = self.items;
        set_timeout(move || items.update(|v| v.retain(|t| t.id != id)), std::time::Duration::from_secs(5));
    }

    fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

/// Creates the toast queue.
pub fn provide_toasts() {
    provide_context(Toasts { items: RwSignal::new(Vec::new()), next: StoredValue::new(0) });
}

/// The toast queue.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear (once, in the page layout).
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class="toast">
                    <span>{toast.text.clone()}</span>
                    <button type="button" class="icon-btn" aria-label="Dismiss notification" on:click=move |_| toasts.dismiss(toast.id)>"×"</button>
                </div>
            </For>
        </div>
    }
}

/// Switches between the light and dark themes and remembers the choice.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(el) = document().document_element() {
            dark.set(el.get_attribute("data-theme").as_deref() == Some("dark"));
        }
    });
    let toggle = move |_| {
        let next = !dark.get_untracked();
        dark.set(next);
        let theme = if next { "dark" } else { "light" };
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("data-theme", theme);
        }
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item("sparring-theme", theme);
        }
    };
    view! {
        <button
            type="button"
            class="icon-btn"
            aria-label="Dark theme"
            aria-pressed=move || dark.get().to_string()
            title="Toggle dark theme"
            on:click=toggle
        >
            {move || if dark.get() { "☾" } else { "☀" }}
        </button>
    }
}

// ---------- form pieces ----------

/// Shows a server error above a form, announced to screen readers.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
        </Show>
    }
}

/// A password input with a show/hide button.
#[component]
pub fn PasswordField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let visible = RwSignal::new(false);
    let hint_id = format!("{id}-hint");
    let has_hint = !hint.is_empty();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="password-row">
                <input
                    id=id
                    name=name
                    type=move || if visible.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required
                    aria-describedby=has_hint.then(|| hint_id.clone())
                />
                <button
                    type="button"
                    class="btn ghost small"
                    aria-pressed=move || visible.get().to_string()
                    aria-controls=id
                    on:click=move |_| visible.update(|v| *v = !*v)
                >
                    {move || if visible.get() { "Hide password" } else { "Show password" }}
                </button>
            </div>
            {has_hint.then(|| view! { <p id=hint_id.clone() class="hint">{hint}</p> })}
        </div>
    }
}

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status)) {
        res.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The page for unknown addresses; answers 404.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Page not found" />
        <section class="empty-state">
            <h1>"Page not found"</h1>
            <p class="muted">"There's nothing at this address. It may have moved, or the link may be mistyped."</p>
            <A href="/" attr:class="btn primary">"Go to the home page"</A>
        </section>
    }
}

/// Shown when a page fails; answers with the error's status.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let first = errors
        .get_untracked()
        .into_iter()
        .next()
        .map(|(_, e)| e.to_string())
        .unwrap_or_else(|| AppError::Internal.to_string());
    let status = errors
        .get_untracked()
        .into_iter()
        .find_map(|(_, e)| e.downcast_ref::<AppError>().map(|a| a.status().as_u16()))
        .unwrap_or(500);
    set_status(status);
    view! {
        <Title text="Something went wrong" />
        <section class="empty-state">
            <h1>"Something went wrong"</h1>
            <p role="alert">{first}</p>
            <A href="/" attr:class="btn primary">"Go to the home page"</A>
        </section>
    }
}
