//! Markdown from problem statements and the interviewer, rendered to HTML that is safe to
//! put in a page.

/// Renders the statement's Markdown to HTML with only safe tags, attributes and URLs.
pub fn render(markdown: &str) -> String {
    use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    // The page has its own <h1> (the title) and <h2> sections: statement headings start at <h3>.
    fn demote(level: HeadingLevel) -> HeadingLevel {
        match level {
            HeadingLevel::H1 => HeadingLevel::H3,
            HeadingLevel::H2 => HeadingLevel::H4,
            HeadingLevel::H3 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        }
    }
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|e| match e {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut html_out = String::new();
    html::push_html(&mut html_out, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html_out)
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
}
