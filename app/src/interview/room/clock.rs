//! The room's countdown. The server keeps the deadline; the room shows the time left from it,
//! corrected by the server's clock whenever the server tells its time, and ticks locally in
//! between.

use leptos::prelude::*;

use crate::domain::format::clock;

/// The browser's clock, in ms since the epoch (the server's on the server).
pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
    }
}

/// The countdown (see [`use_countdown`]).
#[derive(Clone, Copy)]
pub struct Countdown {
    /// Time left in ms (zero or less once the deadline has passed).
    pub left: RwSignal<i64>,
    /// The server's clock minus the browser's.
    offset: StoredValue<i64>,
    deadline: StoredValue<i64>,
    time_up: StoredValue<bool>,
}

impl Countdown {
    /// Takes the server's time now and, when it says so, a new deadline.
    pub fn correct(self, server_now: i64, deadline: Option<i64>) {
        self.offset.set_value(server_now - now_ms());
        if let Some(d) = deadline {
            self.deadline.set_value(d);
        }
    }

    /// Whether the deadline has passed here.
    pub fn time_up(self) -> bool {
        self.time_up.get_value()
    }

    /// The time left as shown, with a warning sign in the last five minutes.
    pub fn text(self) -> String {
        let l = self.left.get();
        let icon = if l <= 60_000 {
            "⏰ "
        } else if l <= 5 * 60_000 {
            "⏳ "
        } else {
            ""
        };
        format!("{icon}{}", clock(l))
    }

    /// The timer's class: warning in the last five minutes, critical in the last one.
    pub fn class(self) -> &'static str {
        let l = self.left.get();
        if l <= 60_000 {
            "timer critical"
        } else if l <= 5 * 60_000 {
            "timer warning"
        } else {
            "timer"
        }
    }
}

/// A countdown to `deadline_at` (as of the server's `server_now`), ticking twice a second in
/// the browser; `on_time_up` runs once when it reaches zero. On the server it shows the time
/// left at rendering.
pub fn use_countdown(server_now: i64, deadline_at: Option<i64>, on_time_up: impl Fn() + Copy + 'static) -> Countdown {
    let deadline = deadline_at.unwrap_or(server_now);
    let countdown = Countdown {
        left: RwSignal::new(deadline - server_now),
        offset: StoredValue::new(server_now - now_ms()),
        deadline: StoredValue::new(deadline),
        time_up: StoredValue::new(false),
    };
    Effect::new(move |_| {
        let tick = set_interval_with_handle(
            move || {
                let remaining = countdown.deadline.get_value() - (now_ms() + countdown.offset.get_value());
                countdown.left.set(remaining);
                if remaining <= 0 && !countdown.time_up.get_value() {
                    countdown.time_up.set_value(true);
                    on_time_up();
                }
            },
            std::time::Duration::from_millis(500),
        );
        on_cleanup(move || {
            if let Ok(h) = tick {
                h.clear();
            }
        });
    });
    countdown
}
