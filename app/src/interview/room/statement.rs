//! The statement as the room shows it: under the room's own title (the page's `<h1>`), so a
//! heading that repeats the title is dropped and the statement's headings are moved up to
//! follow the page's (its top level becomes `<h2>`, with no level skipped).

/// The statement's HTML for the room: without a leading heading that repeats `title`, its
/// headings re-levelled so that the highest is `<h2>`.
pub fn for_room(html: &str, title: &str) -> String {
    let mut html = html.trim_start().to_string();
    if let Some(level) = heading_at_start(&html) {
        let close = format!("</h{level}>");
        if let Some(end) = html.find(&close) {
            let open_end = html.find('>').unwrap_or(0) + 1;
            let text = &html[open_end.min(end)..end];
            if text.trim().eq_ignore_ascii_case(title.trim()) {
                html = html[end + close.len()..].trim_start().to_string();
            }
        }
    }
    let Some(top) = (1..=6u8).find(|l| html.contains(&format!("<h{l}"))) else { return html };
    if top == 2 {
        return html;
    }
    let mut out = html;
    // Each level moves by the same amount, lowest first when moving up (no clash with a
    // level already moved) and highest first when moving down.
    let levels: Vec<u8> = if top > 2 { (top..=6).collect() } else { (1..=5).rev().collect() };
    for l in levels {
        let to = (i16::from(l) - i16::from(top) + 2).clamp(1, 6);
        out = out.replace(&format!("<h{l}"), &format!("<h{to}")).replace(&format!("</h{l}>"), &format!("</h{to}>"));
    }
    out
}

/// Whether the statement has its own Constraints section (then the room does not list the
/// problem's constraints again).
pub fn has_constraints(html: &str) -> bool {
    (1..=6).any(|l| html.contains(&format!("<h{l}>Constraints</h{l}>")))
}

fn heading_at_start(html: &str) -> Option<u8> {
    let b = html.as_bytes();
    (b.len() > 3 && b[0] == b'<' && b[1] == b'h' && (b'1'..=b'6').contains(&b[2]) && matches!(b[3], b'>' | b' '))
        .then(|| b[2] - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repeated_title_goes_and_headings_follow_the_page() {
        let html = "<h3>Climbing Stairs</h3>\n<p>Count.</p>\n<h4>Function</h4>\n<p>x</p>\n<h5>Detail</h5>\n<h4>Constraints</h4>\n<ul><li>n</li></ul>";
        let out = for_room(html, "Climbing Stairs");
        assert!(!out.contains("Climbing Stairs"), "{out}");
        assert!(out.starts_with("<p>Count.</p>"), "{out}");
        assert!(out.contains("<h2>Function</h2>") && out.contains("<h3>Detail</h3>"), "{out}");
        assert!(has_constraints(&out));
        assert!(!out.contains("<h4") && !out.contains("<h5"), "{out}");
    }

    #[test]
    fn other_statements_are_kept_and_code_is_not_touched() {
        let html = "<h3>Something else</h3><p>&lt;h4&gt; in text</p><hr>";
        let out = for_room(html, "Two Sum");
        assert_eq!(out, "<h2>Something else</h2><p>&lt;h4&gt; in text</p><hr>");
        assert!(!has_constraints(&out));
        assert_eq!(for_room("<p>plain</p>", "T"), "<p>plain</p>");
        assert_eq!(for_room("<h1>A</h1><h2>B</h2>", "T"), "<h2>A</h2><h3>B</h3>");
    }
}
