//! Where the desk's content refers to images: a tool's logo and screenshots, and images
//! written in Markdown fields (`![alt](media:HASH)` or a remote `![alt](https://…)`). The
//! renderer, the checks before publishing and the site output all read references from here,
//! so they agree on what a page shows. (Whether the desk has an image is the store's question:
//! `media::uses`; which files a page's pictures need is the renderer's: `render::pictures`.)

use pulldown_cmark::{Event, Parser, Tag};

use crate::model::{Comparison, Tool};

/// The scheme of a reference to one of the desk's images.
pub const MEDIA_SCHEME: &str = crate::media::refs::SCHEME;

/// One image written in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownImage {
    /// The address as written: `media:HASH`, `https://…`, or anything else.
    pub url: String,
    /// The alt text written between the brackets (may be empty).
    pub alt: String,
}

impl MarkdownImage {
    /// The desk's image this refers to, if it is a `media:` reference.
    pub fn media_hash(&self) -> Option<&str> {
        self.url.strip_prefix(MEDIA_SCHEME)
    }

    /// Whether this is an image on someone else's server.
    pub fn is_remote(&self) -> bool {
        let lower = self.url.trim_start().to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
    }
}

/// Every image in a Markdown text, in order, with its alt text as the reader would get it
/// (the plain text of the brackets).
pub fn markdown_images(text: &str) -> Vec<MarkdownImage> {
    if !text.contains("![") && !text.contains("]:") {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut open: Option<MarkdownImage> = None;
    let mut depth = 0usize;
    for event in Parser::new_ext(text, crate::util::markdown::options()) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                depth += 1;
                if depth == 1 {
                    open = Some(MarkdownImage {
                        url: dest_url.to_string(),
                        alt: String::new(),
                    });
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    found.extend(open.take());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(img) = open.as_mut() {
                    img.alt.push_str(&t);
                }
            }
            _ => {}
        }
    }
    found
}

/// A place in the content that shows an image: the field path the editor opens, and the hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolImage<'a> {
    /// `logo` or `screenshots[2]`.
    pub field: String,
    pub hash: &'a str,
}

/// The tool's logo and screenshots, in page order.
pub fn tool_images(tool: &Tool) -> Vec<ToolImage<'_>> {
    let mut out = Vec::new();
    if let Some(logo) = &tool.logo {
        out.push(ToolImage {
            field: "logo".into(),
            hash: logo,
        });
    }
    for (i, shot) in tool.screenshots.iter().enumerate() {
        out.push(ToolImage {
            field: format!("screenshots[{i}]"),
            hash: &shot.media,
        });
    }
    out
}

/// Whether a comparison's own text or any of its tools shows an image (for targets that
/// cannot carry images yet).
pub fn page_has_images(page: &Comparison, tools: &[&Tool]) -> bool {
    !markdown_images(&page.intro).is_empty()
        || tools.iter().any(|t| {
            t.logo.is_some()
                || !t.screenshots.is_empty()
                || !markdown_images(&t.description).is_empty()
        })
}

/// The first 12 digits of a hash, as messages show it.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_images_are_found_with_their_alt_text() {
        let h = "ab".repeat(32);
        let text = format!(
            "Intro ![The *panel* at `work`](media:{h}) and [a link](https://x.org) \
             ![](https://example.com/a.png)\n\n[ref]: https://y.org\n\n![r][ref]"
        );
        let found = markdown_images(&text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].alt, "The panel at work");
        assert_eq!(found[0].media_hash(), Some(h.as_str()));
        assert!(!found[0].is_remote());
        assert_eq!(found[1].alt, "");
        assert!(found[1].is_remote());
        assert_eq!(found[2].url, "https://y.org");
        assert!(markdown_images("no images, ![ not closed").is_empty());
    }
}
