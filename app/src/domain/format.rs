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

/// Where a text cites moments of a session as `MM:SS` (as [`elapsed`] writes them: 1–3 digits
/// of minutes, 2 of seconds under 60), as byte ranges. A time of day with seconds (`12:30:45`)
/// or a ratio inside a word (`a1:20`) is no moment.
pub fn moment_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let digits_from = |mut i: usize| {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i - start
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (word(b[i - 1]) || (b[i - 1] == b':' && i > 1 && b[i - 2].is_ascii_digit())))
        {
            i += 1;
            continue;
        }
        let minutes = digits_from(i);
        let colon = i + minutes;
        let seconds = if colon < b.len() && b[colon] == b':' { digits_from(colon + 1) } else { 0 };
        let end = colon + 1 + seconds;
        let after_ok =
            end >= b.len() || !(word(b[end]) || (b[end] == b':' && end + 1 < b.len() && b[end + 1].is_ascii_digit()));
        if (1..=3).contains(&minutes) && seconds == 2 && b[colon + 1] < b'6' && after_ok {
            out.push(i..end);
            i = end;
        } else {
            i += minutes.max(1);
        }
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
    #[test]
    fn cited_moments_are_found_and_other_numbers_are_not() {
        let found = |t: &str| moment_spans(t).into_iter().map(|r| t[r].to_string()).collect::<Vec<_>>();
        assert_eq!(found("hidden tests 7/8 at 23:10, then 0:05 and 120:00."), ["23:10", "0:05", "120:00"]);
        assert_eq!(found("(at 00:42)"), ["00:42"]);
        assert_eq!(found("00:42:10 1234:10 a1:20 1:2 1:234 7:60 12:3x 3:45b"), Vec::<String>::new());
        assert_eq!(found("é 05:00é"), ["05:00"]);
        assert_eq!(found(""), Vec::<String>::new());
        assert_eq!(found("9:"), Vec::<String>::new());
    }
}
