//! What a run prints, shown safely: text is only ever inserted as text (never as HTML), ANSI
//! colour codes become styled spans, other escape sequences are dropped, and a run's output
//! is capped at [`MAX_OUTPUT_LINES`] lines.

use leptos::prelude::*;

/// The most lines of printed output a run's panel shows.
pub const MAX_OUTPUT_LINES: usize = 1_000;

/// The style an ANSI "select graphic rendition" sequence leaves in force.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// One of the 16 standard colours (0–7 normal, 8–15 bright).
    pub fg: Option<u8>,
    pub bold: bool,
}

impl Style {
    /// CSS classes for the style (empty for plain text).
    pub fn classes(self) -> String {
        let mut c = Vec::new();
        if let Some(fg) = self.fg {
            c.push(format!("ansi-fg-{fg}"));
        }
        if self.bold {
            c.push("ansi-bold".to_string());
        }
        c.join(" ")
    }

    fn apply(&mut self, params: &str) {
        let codes: Vec<u32> =
            if params.is_empty() { vec![0] } else { params.split(';').map(|p| p.parse().unwrap_or(0)).collect() };
        let mut i = 0;
        while i < codes.len() {
            match codes[i] {
                0 => *self = Style::default(),
                1 => self.bold = true,
                22 => self.bold = false,
                c @ 30..=37 => self.fg = Some((c - 30) as u8),
                c @ 90..=97 => self.fg = Some((c - 90 + 8) as u8),
                39 => self.fg = None,
                // 256-colour and true-colour forms: skip their arguments.
                38 | 48 => {
                    i += match codes.get(i + 1) {
                        Some(5) => 2,
                        Some(2) => 4,
                        _ => 0,
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
}

/// Splits text with ANSI escape sequences into styled runs of plain text. Colour and bold
/// codes are kept; every other escape sequence is removed.
pub fn parse_ansi(text: &str) -> Vec<(Style, String)> {
    let mut out: Vec<(Style, String)> = Vec::new();
    let mut style = Style::default();
    let mut chars = text.chars().peekable();
    let mut current = String::new();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            current.push(c);
            continue;
        }
        match chars.peek() {
            Some('[') => {
                chars.next();
                let mut params = String::new();
                let mut last = None;
                for p in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&p) {
                        last = Some(p);
                        break;
                    }
                    params.push(p);
                }
                if last == Some('m') {
                    if !current.is_empty() {
                        out.push((style, std::mem::take(&mut current)));
                    }
                    style.apply(&params);
                }
            }
            // A two-character escape: drop both.
            Some(_) => {
                chars.next();
            }
            None => {}
        }
    }
    if !current.is_empty() {
        out.push((style, current));
    }
    out
}

/// At most `max_lines` lines of `text`, and whether some were cut.
pub fn take_lines(text: &str, max_lines: usize) -> (&str, bool) {
    if max_lines == 0 {
        return ("", !text.is_empty());
    }
    match text.match_indices('\n').nth(max_lines - 1) {
        Some((i, _)) if i + 1 < text.len() => (&text[..i + 1], true),
        _ => (text, false),
    }
}

/// Counts the lines text takes in the panel.
pub fn line_count(text: &str) -> usize {
    if text.is_empty() {
        0
    } else {
        text.lines().count().max(1)
    }
}

/// Printed output with its colours, as text. Long output scrolls inside the box, which
/// therefore takes keyboard focus (so it can be scrolled without a mouse).
#[component]
pub fn AnsiText(text: String) -> impl IntoView {
    view! {
        <pre class="output" tabindex="0">
            {parse_ansi(&text).into_iter().map(|(style, chunk)| {
                let classes = style.classes();
                view! { <span class=(!classes.is_empty()).then_some(classes)>{chunk}</span> }
            }).collect_view()}
        </pre>
    }
}

#[cfg(test)]
mod tests {
    use crate::ui::output::*;

    #[test]
    fn colours_become_styles_and_other_escapes_disappear() {
        let parts = parse_ansi("plain \u{1b}[31mred\u{1b}[0m \u{1b}[1;92mbold green\u{1b}[m\u{1b}[2Kend");
        assert_eq!(
            parts,
            vec![
                (Style::default(), "plain ".to_string()),
                (Style { fg: Some(1), bold: false }, "red".to_string()),
                (Style::default(), " ".to_string()),
                (Style { fg: Some(10), bold: true }, "bold green".to_string()),
                (Style::default(), "end".to_string()),
            ]
        );
        assert_eq!(
            parse_ansi("a\u{1b}[38;5;196mb"),
            vec![(Style::default(), "a".into()), (Style::default(), "b".into())]
        );
        // Markup is just text here; it is inserted as a text node.
        assert_eq!(parse_ansi("<script>x</script>"), vec![(Style::default(), "<script>x</script>".into())]);
        assert_eq!(parse_ansi("\u{1b}"), vec![]);
    }

    #[test]
    fn output_is_cut_at_a_line_limit() {
        assert_eq!(take_lines("a\nb\nc\n", 2), ("a\nb\n", true));
        assert_eq!(take_lines("a\nb\n", 2), ("a\nb\n", false));
        assert_eq!(take_lines("a\nb", 5), ("a\nb", false));
        assert_eq!(take_lines("a", 0), ("", true));
        assert_eq!(line_count("a\nb\n"), 2);
        assert_eq!(line_count(""), 0);
    }
}
