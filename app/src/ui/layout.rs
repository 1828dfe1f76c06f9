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

/// The window event [`ThemeToggle`] sends after changing the page's theme, for parts that
/// follow it (the problem page's editor).
pub const THEME_EVENT: &str = "sparring-theme";

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
        if let Ok(event) = web_sys::Event::new(THEME_EVENT) {
            let _ = window().dispatch_event(&event);
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

/// A form's values as the browser would send them (read when its submit button is pressed).
pub struct FormValues(Option<web_sys::FormData>);

impl FormValues {
    /// The text of the field called `name`, or `""` when the form has none.
    pub fn get(&self, name: &str) -> String {
        self.0.as_ref().and_then(|d| d.get(name).as_string()).unwrap_or_default()
    }

    /// Whether the form sends a field called `name` (a checkbox only when it is ticked).
    pub fn has(&self, name: &str) -> bool {
        self.0.as_ref().is_some_and(|d| d.has(name))
    }
}

/// What a form shows of its errors: the server's last answer (also when it came back in the
/// address after a form was sent without JavaScript), or the browser's own run of the same
/// checks before sending. Field errors are shown next to their fields (`aria-invalid`,
/// `aria-describedby`), everything else above the form; the first invalid field gets focus.
#[derive(Clone, Copy)]
pub struct FormErrors {
    local: RwSignal<Option<AppError>>,
    server: Signal<Option<AppError>>,
    /// A check passed and the form is on its way: the server's previous answer is stale.
    sent: RwSignal<bool>,
    form: NodeRef<leptos::html::Form>,
}

impl FormErrors {
    /// The errors of a form whose server answers come from `server`.
    pub fn new(server: impl Into<Signal<Option<AppError>>>) -> Self {
        let this = Self {
            local: RwSignal::new(None),
            server: server.into(),
            sent: RwSignal::new(false),
            form: NodeRef::new(),
        };
        let server = this.server;
        let sent = this.sent;
        // A new answer from the server replaces whatever was shown.
        Effect::new(move |_| {
            server.track();
            sent.set(false);
        });
        Effect::new(move |_| {
            if this.current().is_some_and(|e| e.field().is_some_and(|f| !f.is_empty())) {
                request_animation_frame(move || this.focus_first_invalid());
            }
        });
        this
    }

    /// The errors of the form of server action `action`, including an error passed back in
    /// the address (`?__err=`) after the form was sent without JavaScript.
    pub fn for_action<S>(action: ServerAction<S>) -> Self
    where
        S: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let from_url = use_context::<leptos::server::ServerActionError>()
            .filter(|e| e.path() == S::PATH)
            .map(|e| server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err()));
        Self::new(Signal::derive(move || match action.value().get() {
            Some(result) => result.err(),
            None => from_url.clone(),
        }))
    }

    /// The form element's reference; give it to `ActionForm`'s `node_ref`.
    pub fn node_ref(&self) -> NodeRef<leptos::html::Form> {
        self.form
    }

    /// The error shown now, if any.
    pub fn current(&self) -> Option<AppError> {
        self.local.get().or_else(|| if self.sent.get() { None } else { self.server.get() })
    }

    /// The message for field `name`, if it has one.
    pub fn message(&self, name: &str) -> Option<String> {
        self.current().and_then(|e| e.message_for(name).map(str::to_string))
    }

    /// Whether field `name` is the first one with a problem (it gets `autofocus`, which
    /// moves focus there also when the page was rendered after a form sent without script).
    pub fn is_first_invalid(&self, name: &str) -> bool {
        self.current().is_some_and(|e| e.field() == Some(name))
    }

    /// `aria-invalid` for field `name`.
    pub fn invalid(&self, name: &'static str) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let this = *self;
        move || this.message(name).map(|_| "true")
    }

    /// `aria-describedby` for the input `id` of field `name`: its hint, then its error.
    pub fn described_by(
        &self,
        id: &'static str,
        name: &'static str,
        has_hint: bool,
    ) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let this = *self;
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(format!("{id}-hint"));
            }
            if this.message(name).is_some() {
                ids.push(format!("{id}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// A submit button's click handler: runs `check` (the same rules the server applies) on
    /// the form's values and, when they fail, shows every problem and keeps the form unsent.
    pub fn check_before_sending(
        &self,
        check: impl Fn(&FormValues) -> Result<(), AppError> + 'static,
    ) -> impl Fn(web_sys::MouseEvent) + 'static {
        let this = *self;
        move |ev: web_sys::MouseEvent| {
            let values = FormValues(this.form.get_untracked().and_then(|f| web_sys::FormData::new_with_form(&f).ok()));
            match check(&values) {
                Ok(()) => {
                    this.local.set(None);
                    this.sent.set(true);
                }
                Err(err) => {
                    ev.prevent_default();
                    this.local.set(Some(err));
                }
            }
        }
    }

    fn focus_first_invalid(&self) {
        use wasm_bindgen::JsCast;
        let first = self.form.get_untracked().and_then(|f| f.query_selector("[aria-invalid='true']").ok().flatten());
        if let Some(el) = first.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    }
}

/// Shows a form's error above it, announced to screen readers. When the problems are with
/// fields (each shown next to its field) this only says how many need attention.
#[component]
pub fn FormError(errors: FormErrors) -> impl IntoView {
    let text = move || {
        errors.current().map(|e| match &e {
            AppError::Invalid { errors: list } if e.is_about_fields() => {
                format!("Please correct the {} fields marked below.", list.len())
            }
            _ if e.is_about_fields() => "Please correct the field marked below.".to_string(),
            _ => e.to_string(),
        })
    };
    view! {
        <Show when=move || errors.current().is_some()>
            <p class="error" role="alert">{text}</p>
        </Show>
    }
}

/// The error text of one field (the target of its input's `aria-describedby`).
#[component]
pub fn FieldMessage(errors: FormErrors, id: &'static str, name: &'static str) -> impl IntoView {
    view! {
        <Show when=move || errors.message(name).is_some()>
            <p id=format!("{id}-error") class="field-error">{move || errors.message(name)}</p>
        </Show>
    }
}

/// A labelled text input with its hint and its error.
#[component]
pub fn TextField(
    errors: FormErrors,
    id: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let has_hint = !hint.is_empty();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                maxlength=maxlength
                required=required
                value=value
                aria-invalid=errors.invalid(name)
                aria-describedby=errors.described_by(id, name, has_hint)
                autofocus=move || errors.is_first_invalid(name)
            />
            {has_hint.then(|| view! { <p id=format!("{id}-hint") class="hint">{hint}</p> })}
            <FieldMessage errors id name />
        </div>
    }
}

/// A password input with a show/hide button, its hint and its error.
#[component]
pub fn PasswordField(
    errors: FormErrors,
    id: &'static str,
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let visible = RwSignal::new(false);
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
                    aria-invalid=errors.invalid(name)
                    aria-describedby=errors.described_by(id, name, has_hint)
                    autofocus=move || errors.is_first_invalid(name)
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
            {has_hint.then(|| view! { <p id=format!("{id}-hint") class="hint">{hint}</p> })}
            <FieldMessage errors id name />
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

/// Puts `text` on the clipboard (in the browser). False when the page may not: no clipboard,
/// or the call refused; the caller then offers the text for copying by hand.
pub fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::js_sys::{Function, Promise, Reflect};
    let Some(window) = web_sys::window() else { return false };
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard")).unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    let write =
        Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let Some(Ok(promise)) = write.map(|f| f.call1(&clipboard, &JsValue::from_str(text))) else { return false };
    // The write finishes later; a refusal then leaves the text shown for copying by hand.
    if let Ok(promise) = promise.dyn_into::<Promise>() {
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
    true
}
