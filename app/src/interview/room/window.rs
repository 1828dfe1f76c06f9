//! The room's hold on the browser window: focus and visibility (the clock re-syncs, focus
//! changes go to the record), leaving (the code goes with a beacon and the candidate is asked
//! first, for unloads and for links inside the app alike), shortcuts anywhere in the room, and
//! whether the window is wide enough for it.

use leptos::prelude::*;

/// What the room asks before a link takes the candidate out of a running interview.
const LEAVE_PROMPT: &str =
    "Leave the interview? The clock keeps running while you are away; your code is saved and you can come back.";
/// Narrower windows get the desktop notice.
const DESKTOP_MIN_WIDTH: f64 = 1024.0;

fn is_narrow() -> bool {
    window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w < DESKTOP_MIN_WIDTH)
}

/// What the room does when the window tells it something.
pub struct WindowHandlers<A, U, B, F, L, S, R> {
    /// Whether the interview is still running here (leaving through a link asks only then).
    pub active: A,
    /// Whether there are edits the server has not acknowledged (unloading asks only then).
    pub unsaved: U,
    /// The tab is back (focused or visible again): re-sync the clock.
    pub back: B,
    /// The window gained (`true`) or lost focus.
    pub focus: F,
    /// The candidate is leaving mid-interview: send the code now.
    pub leaving: L,
    /// Ctrl/Cmd+S.
    pub save: S,
    /// Ctrl/Cmd+Enter.
    pub run: R,
}

/// Listens to the window while the room is open; every listener goes with the room. Returns
/// whether the window is narrower than a desktop screen, following its width.
pub fn use_room_window<A, U, B, F, L, S, R>(handlers: WindowHandlers<A, U, B, F, L, S, R>) -> RwSignal<bool>
where
    A: Fn() -> bool + Copy + Send + Sync + 'static,
    U: Fn() -> bool + Copy + Send + Sync + 'static,
    B: Fn() + Copy + 'static,
    F: Fn(bool) + Copy + 'static,
    L: Fn() + Copy + Send + Sync + 'static,
    S: Fn() + Copy + 'static,
    R: Fn() + Copy + 'static,
{
    let WindowHandlers { active, unsaved, back, focus, leaving, save, run } = handlers;
    let narrow = RwSignal::new(false);
    Effect::new(move |_| {
        narrow.set(is_narrow());
        let focused = window_event_listener(leptos::ev::focus, move |_| {
            back();
            focus(true);
        });
        let blurred = window_event_listener(leptos::ev::blur, move |_| focus(false));
        let visible = window_event_listener_untyped("visibilitychange", move |_| {
            if !document().hidden() {
                back();
            }
        });
        // Leaving the page mid-session: the code goes with sendBeacon, and the browser asks
        // first only when edits are not yet acknowledged (otherwise nothing can be lost).
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if !active() {
                return;
            }
            let unsaved = unsaved();
            leaving();
            if !unsaved {
                return;
            }
            ev.prevent_default();
            ev.set_return_value("");
        });
        // Links within the app change pages without unloading this one, so the browser does
        // not ask: the room asks itself, before the router sees the click.
        let guard = LinkGuard::install(active);
        // Shortcuts anywhere in the room (the editor handles its own first).
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.default_prevented() || !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
                return;
            }
            if ev.key().eq_ignore_ascii_case("s") {
                ev.prevent_default();
                save();
            } else if ev.key() == "Enter" {
                ev.prevent_default();
                run();
            }
        });
        // The room is read-only while the window is narrower than a desktop screen.
        let resize = window_event_listener(leptos::ev::resize, move |_| {
            let now = is_narrow();
            if narrow.get_untracked() != now {
                narrow.set(now);
            }
        });
        on_cleanup(move || {
            // Leaving through a link: as on unload.
            if active() {
                leaving();
            }
            drop(guard);
            focused.remove();
            blurred.remove();
            visible.remove();
            unload.remove();
            keys.remove();
            resize.remove();
        });
    });
    narrow
}

/// Asks before a click on a link leaves the room while `active()` holds. Listens in the
/// capture phase on the window, ahead of the router's own link handling; removed on drop.
struct LinkGuard(Option<send_wrapper::SendWrapper<ClickListener>>);

type ClickListener = wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MouseEvent)>;

impl LinkGuard {
    fn install(active: impl Fn() -> bool + 'static) -> Self {
        use wasm_bindgen::JsCast;
        let listener = ClickListener::new(move |ev: web_sys::MouseEvent| {
            // New tabs, downloads and modified clicks leave this page where it is.
            if !active()
                || ev.default_prevented()
                || ev.button() != 0
                || ev.ctrl_key()
                || ev.meta_key()
                || ev.shift_key()
                || ev.alt_key()
            {
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten());
            let Some(link) = link else { return };
            if link.get_attribute("target").is_some_and(|t| t != "_self") || link.has_attribute("download") {
                return;
            }
            if !window().confirm_with_message(LEAVE_PROMPT).unwrap_or(true) {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        let added =
            window().add_event_listener_with_callback_and_bool("click", listener.as_ref().unchecked_ref(), true);
        Self(added.is_ok().then(|| send_wrapper::SendWrapper::new(listener)))
    }
}

impl Drop for LinkGuard {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(listener) = self.0.take() {
            let _ =
                window().remove_event_listener_with_callback_and_bool("click", listener.as_ref().unchecked_ref(), true);
        }
    }
}
