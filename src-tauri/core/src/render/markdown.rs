//! Markdown to HTML that is safe to put on a page: pulldown-cmark, then the ammonia sanitiser.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, TagEnd};

pub(crate) use crate::util::markdown::options;

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

/// Where images in a Markdown text go.
#[derive(Clone, Copy)]
pub enum Images<'a> {
    /// As pictures of the desk's images, their files on `base` (the first one eager when
    /// `first_eager`); remote images as links.
    Pictures {
        pictures: &'a super::pictures::Pictures,
        base: &'a super::pictures::MediaBase,
        first_eager: bool,
    },
    /// Only their alt text (fields that take no images, such as quotes).
    AltText,
}

// Private-use characters mark where an image goes; they are taken out of the author's own
// text first, so a text cannot forge a marker.
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// A Markdown text parsed and sanitised, its images not yet placed: the costly part of
/// rendering it, the same whichever [`Images`] a page then asks for (so a cache of these can
/// serve the site's pages and the app's preview alike, never one's addresses to the other).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Sanitised HTML in which `MARK_OPEN i MARK_CLOSE` stands for `images[i]`.
    html: String,
    /// Each image's (address, alt text), in the order of the text.
    images: Vec<(String, String)>,
}

/// Renders Markdown and sanitises it, leaving a marker where each image goes. The picture
/// HTML is built by the desk from escaped values and put in after sanitising (by
/// [`Prepared::finish`]), because the sanitiser rightly knows neither `media:` nor `srcset`.
pub fn prepare(markdown: &str) -> Prepared {
    if !markdown.contains('!') {
        return Prepared {
            html: to_safe_html(markdown),
            images: Vec::new(),
        };
    }
    let mut images: Vec<(String, String)> = Vec::new();
    let mut events = Vec::new();
    // (url, alt so far, nesting) of the image being read.
    let mut open: Option<(String, String, usize)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match (&mut open, event) {
            (None, Event::Start(pulldown_cmark::Tag::Image { dest_url, .. })) => {
                open = Some((dest_url.to_string(), String::new(), 0));
            }
            (Some((_, _, depth)), Event::Start(pulldown_cmark::Tag::Image { .. })) => {
                *depth += 1;
            }
            (Some((_, alt, _)), Event::Text(t) | Event::Code(t)) => alt.push_str(&t),
            (Some((_, _, depth)), Event::End(TagEnd::Image)) if *depth > 0 => *depth -= 1,
            (Some(_), Event::End(TagEnd::Image)) => {
                let (url, alt, _) = open.take().expect("an image is open");
                events.push(Event::Text(
                    format!("{MARK_OPEN}{}{MARK_CLOSE}", images.len()).into(),
                ));
                images.push((url, alt));
            }
            (Some(_), _) => {}
            (None, Event::Text(t)) if t.contains([MARK_OPEN, MARK_CLOSE]) => {
                events.push(Event::Text(
                    t.replace([MARK_OPEN, MARK_CLOSE], "\u{FFFD}").into(),
                ));
            }
            (None, other) => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Prepared {
        html: sanitizer().clean(&html).to_string(),
        images,
    }
}

impl Prepared {
    /// The finished HTML, each image placed as `images` says.
    pub fn finish(&self, images: Images<'_>) -> String {
        if self.images.is_empty() {
            return self.html.clone();
        }
        let inserts: Vec<String> = self
            .images
            .iter()
            .enumerate()
            .map(|(i, (url, alt))| image_html(url, alt, images, i))
            .collect();
        let mut out =
            String::with_capacity(self.html.len() + inserts.iter().map(String::len).sum::<usize>());
        let mut rest = self.html.as_str();
        while let Some(at) = rest.find(MARK_OPEN) {
            out.push_str(&rest[..at]);
            let tail = &rest[at + MARK_OPEN.len_utf8()..];
            let Some(end) = tail.find(MARK_CLOSE) else {
                rest = tail;
                continue;
            };
            if let Some(insert) = tail[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| inserts.get(i))
            {
                out.push_str(insert);
            }
            rest = &tail[end + MARK_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        out
    }
}

/// Renders Markdown with images handled by `images`, and sanitises the result.
pub fn to_safe_html_with_images(markdown: &str, images: Images<'_>) -> String {
    prepare(markdown).finish(images)
}

fn image_html(url: &str, alt: &str, images: Images<'_>, index: usize) -> String {
    use super::pictures::{remote_link, Placement};
    match images {
        Images::AltText => escape_text(alt),
        Images::Pictures {
            pictures,
            base,
            first_eager,
        } => {
            let image = crate::images::MarkdownImage {
                url: url.to_string(),
                alt: alt.to_string(),
            };
            if let Some(hash) = image.media_hash() {
                let lazy = !(first_eager && index == 0);
                pictures.html(base, hash, alt, Placement::Text { lazy })
            } else if image.is_remote() {
                remote_link(url, alt)
            } else {
                // A local path or any other address points at nothing a reader can fetch.
                escape_text(alt)
            }
        }
    }
}

fn escape_text(text: &str) -> String {
    super::pictures::esc(text)
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
