//! How values read to people, the same on the server and in the browser (so hydration never
//! disagrees, and the evaluator cites times as the room shows them).

/// MM:SS for a number of milliseconds left (never negative). Rounds up, so the countdown
/// shows 00:00 only once the time is over.
pub fn clock(ms_left: i64) -> String {
    mm_ss((ms_left.max(0) + 999) / 1000)
}

/// MM:SS for a time spent, in whole seconds elapsed (the summary and the evaluation's report).
pub fn elapsed(ms: i64) -> String {
    mm_ss(ms.max(0) / 1000)
}

fn mm_ss(secs: i64) -> String {
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// The dashboard card that starts an interview.
/// The date (UTC) of a time in ms since the epoch, as YYYY-MM-DD. The same on the server and
/// in the browser, so hydration never disagrees.
pub fn utc_date(ms: i64) -> String {
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A count with thousands separators: 10,000.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400_000), "2000-02-29");
        assert_eq!(utc_date(1_795_392_000_000), "2026-11-23");
        assert_eq!(utc_date(-86_400_000), "1969-12-31");
    }

    #[test]
    fn the_countdown_rounds_up_and_time_spent_rounds_down() {
        assert_eq!(clock(3_200), "00:04");
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(-5_000), "00:00");
        assert_eq!(clock(60_000), "01:00");
        assert_eq!(elapsed(3_200), "00:03");
        assert_eq!(elapsed(59_999), "00:59");
        assert_eq!(elapsed(-1), "00:00");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
