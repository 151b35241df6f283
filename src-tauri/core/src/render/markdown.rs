//! Markdown to HTML that is safe to put on a page: pulldown-cmark, then the ammonia sanitiser.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, TagEnd};

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // No javascript:, data:, or exotic schemes in any link or image.
        b.url_schemes(HashSet::from(["http", "https", "mailto"]));
        b.link_rel(Some("noopener noreferrer nofollow"));
        b.add_allowed_classes("sup", &["footnote-reference"]);
        b.add_allowed_classes("div", &["footnote-definition"]);
        b.add_allowed_classes("sup", &["footnote-definition-label"]);
        b
    })
}

/// Renders Markdown and sanitises the result. Raw HTML in the source survives only where the
/// sanitiser allows it: never a script, an event handler, an iframe, or a `javascript:` URL.
pub fn to_safe_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, options());
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitizer().clean(&html).to_string()
}

/// A reviewer quote: safe HTML with typographic quotes around the whole quote, as printed.
pub fn quote_html(markdown: &str) -> String {
    with_quote_marks(&to_safe_html(markdown))
}

/// Puts typographic quotes around already-sanitised quote HTML.
pub fn with_quote_marks(html: &str) -> String {
    let trimmed = html.trim_end();
    if let (Some(body), true) = (trimmed.strip_prefix("<p>"), trimmed.ends_with("</p>")) {
        let body = &body[..body.len() - "</p>".len()];
        format!("<p>\u{201c}{body}\u{201d}</p>")
    } else if trimmed.is_empty() {
        String::new()
    } else {
        format!("<p>\u{201c}</p>{trimmed}<p>\u{201d}</p>")
    }
}

/// The text of a Markdown snippet without any markup, for feeds, JSON-LD and plain summaries.
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_))
                if !out.ends_with(' ') && !out.is_empty() =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_supported_extensions() {
        let html =
            to_safe_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn hostile_markup_is_removed() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n\
             <a href=\"data:text/html,hi\">d</a>\n\n<iframe src=\"https://evil.example\"></iframe>",
        );
        for bad in [
            "<script",
            "onerror",
            "href=\"javascript:",
            "href=\"data:",
            "<iframe",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        // The Markdown link keeps its text but loses the address.
        assert!(html.contains(">x</a>"), "{html}");
    }

    #[test]
    fn quotes_get_typographic_marks() {
        assert_eq!(quote_html("Ships."), "<p>\u{201c}Ships.\u{201d}</p>");
        assert_eq!(quote_html(""), "");
        assert!(quote_html("- a\n- b").starts_with("<p>\u{201c}</p><ul>"));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("The **DX bet** is `cargo run`.\n\n- one\n- two"),
            "The DX bet is cargo run. one two"
        );
    }
}
