//! The room's resizable panes: the problem/code split and the output panel's height. Kept in
//! local storage for the next room; dividers move with the pointer or with arrow keys.

use leptos::prelude::*;

use super::storage;

const LAYOUT_KEY: &str = "sparring-room-layout";

/// The sizes of the room's panes, kept in local storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaneLayout {
    /// Width of the problem pane, in percent of the room.
    pub problem_pct: f64,
    /// Height of the output panel, in percent of the code column.
    pub output_pct: f64,
    pub output_open: bool,
}

impl Default for PaneLayout {
    fn default() -> Self {
        Self { problem_pct: 40.0, output_pct: 35.0, output_open: true }
    }
}

impl PaneLayout {
    pub fn clamped(self) -> Self {
        Self {
            problem_pct: self.problem_pct.clamp(20.0, 70.0),
            output_pct: self.output_pct.clamp(15.0, 75.0),
            output_open: self.output_open,
        }
    }

    pub fn encode(self) -> String {
        format!("{:.1},{:.1},{}", self.problem_pct, self.output_pct, u8::from(self.output_open))
    }

    pub fn decode(raw: &str) -> Option<Self> {
        let mut parts = raw.split(',');
        let problem_pct = parts.next()?.parse().ok()?;
        let output_pct = parts.next()?.parse().ok()?;
        let output_open = parts.next()? == "1";
        Some(Self { problem_pct, output_pct, output_open }.clamped())
    }
}

/// One of the room's two dividers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divider {
    /// Between the problem and the code.
    Problem,
    /// Between the editor and the output panel.
    Output,
}

/// The panes' sizes and their dividers' handlers (see [`use_pane_layout`]).
#[derive(Clone, Copy)]
pub struct Panes {
    pub layout: RwSignal<PaneLayout>,
    /// The element holding both columns: a drag of [`Divider::Problem`] is measured in it.
    pub row: NodeRef<leptos::html::Div>,
    /// The code column: a drag of [`Divider::Output`] is measured in it.
    pub code_column: NodeRef<leptos::html::Section>,
    dragging: StoredValue<Option<Divider>>,
}

impl Panes {
    /// Opens the output panel (a run has something to show).
    pub fn open_output(self) {
        self.layout.update(|l| l.output_open = true);
    }

    /// Starts dragging a divider.
    pub fn start_drag(self, which: Divider, ev: leptos::ev::PointerEvent) {
        self.dragging.set_value(Some(which));
        if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        ev.prevent_default();
    }

    /// Follows the pointer while a divider is dragged.
    pub fn drag_to(self, x: f64, y: f64) {
        match self.dragging.get_value() {
            Some(Divider::Problem) => {
                if let Some(el) = self.row.get_untracked() {
                    let r = el.get_bounding_client_rect();
                    if r.width() > 0.0 {
                        self.layout.update(|l| {
                            *l = PaneLayout { problem_pct: (x - r.left()) / r.width() * 100.0, ..*l }.clamped()
                        });
                    }
                }
            }
            Some(Divider::Output) => {
                if let Some(el) = self.code_column.get_untracked() {
                    let r = el.get_bounding_client_rect();
                    if r.height() > 0.0 {
                        self.layout.update(|l| {
                            *l = PaneLayout { output_pct: (r.bottom() - y) / r.height() * 100.0, ..*l }.clamped()
                        });
                    }
                }
            }
            None => {}
        }
    }

    /// Ends a drag.
    pub fn stop_drag(self) {
        self.dragging.set_value(None);
    }

    /// Whether a divider is being dragged.
    pub fn dragging(self) -> bool {
        self.dragging.get_value().is_some()
    }

    /// Arrow keys on a focused divider move it by 2%.
    pub fn key_resize(self, which: Divider, ev: leptos::ev::KeyboardEvent) {
        let step = match ev.key().as_str() {
            "ArrowLeft" | "ArrowDown" => -2.0,
            "ArrowRight" | "ArrowUp" => 2.0,
            _ => return,
        };
        ev.prevent_default();
        self.layout.update(|l| {
            *l = match which {
                Divider::Problem => PaneLayout { problem_pct: l.problem_pct + step, ..*l },
                Divider::Output => PaneLayout { output_pct: l.output_pct + step, ..*l },
            }
            .clamped()
        });
    }
}

/// The room's pane sizes: the defaults on the server; in the browser, the sizes saved by the
/// last room, saved again whenever they change.
pub fn use_pane_layout() -> Panes {
    let layout = RwSignal::new(PaneLayout::default());
    Effect::new(move |_| {
        let saved = storage().and_then(|s| s.get_item(LAYOUT_KEY).ok().flatten());
        if let Some(l) = saved.as_deref().and_then(PaneLayout::decode) {
            layout.set(l);
        }
    });
    Effect::new(move |_| {
        let l = layout.get();
        if let Some(s) = storage() {
            let _ = s.set_item(LAYOUT_KEY, &l.encode());
        }
    });
    Panes { layout, row: NodeRef::new(), code_column: NodeRef::new(), dragging: StoredValue::new(None) }
}

#[cfg(test)]
mod tests {
    use super::PaneLayout;

    #[test]
    fn pane_layout_round_trips_and_stays_in_bounds() {
        let l = PaneLayout { problem_pct: 35.0, output_pct: 50.0, output_open: false };
        assert_eq!(PaneLayout::decode(&l.encode()), Some(l));
        let wild = PaneLayout::decode("5,99,1").unwrap_or_default();
        assert_eq!((wild.problem_pct, wild.output_pct, wild.output_open), (20.0, 75.0, true));
        assert_eq!(PaneLayout::decode("garbage"), None);
    }
}
