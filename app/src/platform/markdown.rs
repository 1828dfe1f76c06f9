//! Markdown from problem statements and the interviewer, rendered to HTML that is safe to
//! put in a page.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders the statement's Markdown to HTML with only safe tags, attributes and URLs.
pub fn render(markdown: &str) -> String {
    sanitize(&to_html(parse(markdown)), "noopener noreferrer nofollow")
}

/// Renders a report's Markdown like [`render`], with every moment it cites as `MM:SS` (see
/// [`crate::domain::format::moment_spans`]) outside code and links turned into a link to the
/// replay at that moment: `{replay_base}?t=MM:SS`. The links load a new document (`rel`
/// holds `external`): the replay is an editor page.
pub fn render_with_moments(markdown: &str, replay_base: &str) -> String {
    use pulldown_cmark::{CowStr, LinkType, TextMergeStream};
    let mut out = Vec::new();
    let (mut in_code, mut in_link) = (0usize, 0usize);
    for event in TextMergeStream::new(parse(markdown)) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Text(text) if in_code == 0 && in_link == 0 => {
                let mut last = 0;
                for span in crate::domain::format::moment_spans(&text) {
                    if span.start > last {
                        out.push(Event::Text(CowStr::from(text[last..span.start].to_string())));
                    }
                    let moment = text[span.clone()].to_string();
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(format!("{replay_base}?t={moment}")),
                        title: CowStr::from(format!("Watch the replay at {moment}")),
                        id: CowStr::from(""),
                    }));
                    out.push(Event::Text(CowStr::from(moment)));
                    out.push(Event::End(TagEnd::Link));
                    last = span.end;
                }
                if last == 0 {
                    out.push(Event::Text(text));
                } else if last < text.len() {
                    out.push(Event::Text(CowStr::from(text[last..].to_string())));
                }
            }
            other => out.push(other),
        }
    }
    sanitize(&to_html(out.into_iter()), "external noopener noreferrer nofollow")
}

/// The page has its own <h1> (the title) and <h2> sections: Markdown headings start at <h3>.
fn parse(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    fn demote(level: HeadingLevel) -> HeadingLevel {
        match level {
            HeadingLevel::H1 => HeadingLevel::H3,
            HeadingLevel::H2 => HeadingLevel::H4,
            HeadingLevel::H3 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        }
    }
    Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|e| match e {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    })
}

fn to_html<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut html_out = String::new();
    pulldown_cmark::html::push_html(&mut html_out, events);
    html_out
}

fn sanitize(html: &str, rel: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some(rel))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_renders_and_dangerous_html_is_removed() {
        let html = super::render(
            "Return **the sum** of `nums`.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) \
             <img src=x onerror=alert(1)> [ok](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(html.contains("<strong>the sum</strong>"), "{html}");
        let headed = super::render("# Title\n\n## Part\n\ntext");
        assert!(headed.contains("<h3>Title</h3>") && headed.contains("<h4>Part</h4>"), "{headed}");
        assert!(!headed.contains("<h1") && !headed.contains("<h2"), "{headed}");
        assert!(html.contains("<code>nums</code>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        for bad in ["<script", "javascript:", "onerror", "alert(1)</script>"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }
    #[test]
    fn cited_moments_link_to_the_replay_except_in_code_and_links() {
        let md = "Tests passed at 00:42 and 1:05.\n\n`at 02:00` stays code, [at 03:00](https://example.com) \
                  stays a link.\n\n```\nlet t = \"04:00\";\n```\n\n**05:10** <b onclick=x>06:00</b>\n\n\
                  Not a moment: 12:30:45.";
        let html = super::render_with_moments(md, "/sessions/abc/replay");
        let link = |m: &str| {
            format!("<a href=\"/sessions/abc/replay?t={m}\" title=\"Watch the replay at {m}\" rel=\"external noopener noreferrer nofollow\">{m}</a>")
        };
        for m in ["00:42", "1:05", "05:10", "06:00"] {
            assert!(html.contains(&link(m)), "{m} is not linked: {html}");
        }
        assert!(html.contains("<code>at 02:00</code>"), "{html}");
        assert!(html.contains(">at 03:00</a>") && !html.contains("t=03:00"), "{html}");
        assert!(html.contains("let t = \"04:00\";") && !html.contains("t=04:00"), "{html}");
        assert!(!html.contains("t=12:30") && !html.contains("t=30:45"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        // A report without moments renders as the plain renderer does, but for the links' rel.
        let plain = "A *plain* report.";
        assert_eq!(super::render_with_moments(plain, "/x"), super::render(plain));
        // A hostile base path stays an attribute value.
        let odd = super::render_with_moments("at 00:01", "/shared/\"><script>alert(1)</script>");
        assert!(!odd.contains("<script"), "{odd}");
    }
}
