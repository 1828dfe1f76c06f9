//! A virtualised list: which rows of a long list to render for a scroll position.

/// Height of one history row, in pixels (the list is virtualised on it).
pub const ROW_PX: f64 = 52.0;
/// Rows the list's window shows at once, and rows rendered beyond it on each side.
pub const WINDOW_ROWS: usize = 10;
pub const OVERSCAN: usize = 10;

/// Which rows to render for a scroll position: at most `WINDOW_ROWS + 2 * OVERSCAN + 1`.
pub fn visible_rows(scroll_top: f64, total: usize) -> std::ops::Range<usize> {
    let first = (scroll_top.max(0.0) / ROW_PX) as usize;
    let start = first.saturating_sub(OVERSCAN).min(total);
    let end = (first + WINDOW_ROWS + OVERSCAN + 1).min(total);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_renders_a_bounded_window_of_rows() {
        assert_eq!(visible_rows(0.0, 10_000), 0..21);
        assert_eq!(visible_rows(ROW_PX * 5_000.0, 10_000), 4_990..5_021);
        assert_eq!(visible_rows(ROW_PX * 9_995.0, 10_000), 9_985..10_000);
        assert_eq!(visible_rows(0.0, 3), 0..3);
        for top in [0.0, 1234.5, 99_999.0, 519_948.0] {
            assert!(visible_rows(top, 10_000).len() <= 60);
        }
    }
}
