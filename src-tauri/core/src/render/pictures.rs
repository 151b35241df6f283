//! Images on pages: the desk's images as `<picture>` (WebP `srcset` + `sizes`, a fallback
//! `<img>` with its size so nothing shifts), a reference to an image the desk lacks as a named
//! placeholder, and a remote image as a plain link (never hot-linked). See docs/media.md,
//! "Images on pages".

use std::collections::HashMap;

use crate::media::MediaItem;

/// Where a page's image files are fetched from: `{base}/{HASH}/{file}` (the store's own
/// names, e.g. `640w.webp`). Site pages use a relative `../../media` (every page that shows
/// images sits two folders deep), the newsletter the site's absolute address, the app's
/// preview its `media://` protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaBase(pub String);

impl Default for MediaBase {
    fn default() -> Self {
        MediaBase(SITE_RELATIVE.into())
    }
}

/// From a page at `compare/SLUG/` or `tools/SLUG/` to the site's `media/`.
pub const SITE_RELATIVE: &str = "../../media";

/// The `sizes` of an image in running text (the text column is at most 720 px wide).
const TEXT_SIZES: &str = "(max-width: 760px) 100vw, 720px";

/// The scheme of the app's own protocol that serves the desk's images to its webview
/// (`media::serve`; registered by the desktop shell).
pub const APP_SCHEME: &str = "media";

impl MediaBase {
    pub fn url(&self, hash: &str, file: &str) -> String {
        format!("{}/{hash}/{file}", self.0.trim_end_matches('/'))
    }

    /// The app's live preview: its `media` protocol, addressed as the webview names a custom
    /// protocol on this platform (Tauri's convention): `media://localhost` on Linux and
    /// macOS, `http://media.localhost` on Windows and Android.
    pub fn app() -> MediaBase {
        if cfg!(any(windows, target_os = "android")) {
            MediaBase(format!("http://{APP_SCHEME}.localhost"))
        } else {
            MediaBase(format!("{APP_SCHEME}://localhost"))
        }
    }

    /// The source a page's own `Content-Security-Policy` must add to its `img-src` for images
    /// on this base: the app's protocol for [`MediaBase::app`]; none for the site's own
    /// addresses (a page showing the desk's images allows `'self'` already).
    pub fn csp_source(&self) -> Option<String> {
        (*self == MediaBase::app()).then(app_image_source)
    }
}

/// The CSP source that allows the app's `media` protocol, as [`MediaBase::app`] addresses it.
pub fn app_image_source() -> String {
    if cfg!(any(windows, target_os = "android")) {
        format!("http://{APP_SCHEME}.localhost")
    } else {
        format!("{APP_SCHEME}:")
    }
}

/// How an image sits on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In running text or a gallery: lazy, sized to the column.
    Text { lazy: bool },
    /// A logo drawn at `px` CSS pixels square: loaded at once (it is at the top).
    Logo { px: u32 },
}

/// The images a page can show, by hash. Where their files are fetched from is not theirs to
/// say: each page is built for one [`MediaBase`] (the site's, the app's preview protocol).
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    pub items: HashMap<String, MediaItem>,
}

pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

impl Pictures {
    /// The alt text a reader gets: `given` (the Markdown's or the screenshot's) when there is
    /// one, else the image's own; empty for a decorative image.
    pub fn alt<'a>(&'a self, item: &'a MediaItem, given: &'a str) -> &'a str {
        if !given.trim().is_empty() {
            given
        } else if item.decorative {
            ""
        } else {
            &item.alt
        }
    }

    /// The HTML of image `hash` with its files on `base`, or the named placeholder when the
    /// desk does not have it.
    pub fn html(
        &self,
        base: &MediaBase,
        hash: &str,
        given_alt: &str,
        placement: Placement,
    ) -> String {
        match self.items.get(hash) {
            Some(item) => self.picture(base, item, given_alt, placement),
            None => missing(hash, given_alt),
        }
    }

    fn picture(
        &self,
        base: &MediaBase,
        item: &MediaItem,
        given_alt: &str,
        placement: Placement,
    ) -> String {
        let alt = esc(self.alt(item, given_alt));
        let loading = match placement {
            Placement::Text { lazy: true } => " loading=\"lazy\"",
            _ => "",
        };
        // Sized here rather than in the theme's stylesheet, so that pages without images keep
        // their exact bytes (the stylesheet is inline in every page).
        let class = match placement {
            Placement::Logo { .. } => "logo\" style=\"display:block;margin-bottom:12px",
            Placement::Text { .. } => "picture\" style=\"max-width:100%;height:auto",
        };
        // A logo is drawn at a fixed square; the attributes give its box, not its pixels.
        let boxed = |w: u32, h: u32| match placement {
            Placement::Logo { px } => {
                let (w, h) = (w.max(1), h.max(1));
                if w >= h {
                    (px, (px * h / w).max(1))
                } else {
                    ((px * w / h).max(1), px)
                }
            }
            Placement::Text { .. } => (w, h),
        };
        if item.mime == "image/svg+xml" {
            let (w, h) = boxed(item.width, item.height);
            return format!(
                "<img class=\"{class}\" src=\"{}\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\"{loading} decoding=\"async\">",
                esc(&base.url(&item.hash, &item.original_file()))
            );
        }
        let mut webp: Vec<_> = item
            .variants
            .iter()
            .filter(|v| v.mime == "image/webp")
            .collect();
        webp.sort_by_key(|v| v.width);
        let fallback = item
            .variants
            .iter()
            .filter(|v| v.mime != "image/webp")
            .max_by_key(|v| v.width)
            .or_else(|| webp.last().copied());
        let (src, w, h) = match fallback {
            Some(v) => (base.url(&item.hash, &v.name), v.width, v.height),
            None => (
                base.url(&item.hash, &item.original_file()),
                item.width,
                item.height,
            ),
        };
        let (w, h) = boxed(w, h);
        let sizes = match placement {
            Placement::Logo { px } => format!("{px}px"),
            Placement::Text { .. } => TEXT_SIZES.to_string(),
        };
        let srcset = webp
            .iter()
            .map(|v| format!("{} {}w", base.url(&item.hash, &v.name), v.width))
            .collect::<Vec<_>>()
            .join(", ");
        let img = format!(
            "<img class=\"{class}\" src=\"{}\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\"{loading} decoding=\"async\">",
            esc(&src)
        );
        if srcset.is_empty() {
            img
        } else {
            format!(
                "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">{img}</picture>",
                esc(&srcset)
            )
        }
    }
}

/// The file an `<img>` falls back to: the largest non-WebP variant, else the largest WebP,
/// else the original (an SVG is always its original).
pub fn fallback_file(item: &MediaItem) -> String {
    if item.mime == "image/svg+xml" {
        return item.original_file();
    }
    item.variants
        .iter()
        .filter(|v| v.mime != "image/webp")
        .max_by_key(|v| v.width)
        .or_else(|| item.variants.iter().max_by_key(|v| v.width))
        .map_or_else(|| item.original_file(), |v| v.name.clone())
}

/// The files a page's `<picture>` of `item` points at: an SVG's original, or the WebP
/// widths and the fallback. The site writes these and nothing else of the image.
pub fn files(item: &MediaItem) -> Vec<String> {
    if item.mime == "image/svg+xml" {
        return vec![item.original_file()];
    }
    let mut out: Vec<String> = item
        .variants
        .iter()
        .filter(|v| v.mime == "image/webp")
        .map(|v| v.name.clone())
        .collect();
    let fallback = fallback_file(item);
    if !out.contains(&fallback) {
        out.push(fallback);
    }
    out.sort();
    out
}

/// A tool's screenshot as a figure: the picture (its own alt text, its files on `base`) and
/// the credit.
pub fn screenshot_html(
    pictures: &Pictures,
    base: &MediaBase,
    shot: &crate::model::Screenshot,
) -> String {
    let alt = if shot.decorative {
        ""
    } else {
        shot.alt.as_str()
    };
    let picture = match pictures.items.get(&shot.media) {
        // A decorative screenshot says so with an empty alt, whatever the image's own.
        Some(item) if shot.decorative => pictures.picture(
            base,
            &MediaItem {
                decorative: true,
                ..item.clone()
            },
            "",
            Placement::Text { lazy: true },
        ),
        _ => pictures.html(base, &shot.media, alt, Placement::Text { lazy: true }),
    };
    let caption = if shot.credit.trim().is_empty() {
        String::new()
    } else {
        format!("<figcaption>{}</figcaption>", esc(shot.credit.trim()))
    };
    format!("<figure class=\"screenshot\">{picture}{caption}</figure>")
}

/// What stands where an image the desk does not have would be: named, so the editor sees
/// which one; the checks keep such a page from being published.
pub fn missing(hash: &str, alt: &str) -> String {
    let name = if alt.trim().is_empty() {
        format!("media:{}", crate::images::short(hash))
    } else {
        format!(
            "\u{201c}{}\u{201d} (media:{})",
            alt.trim(),
            crate::images::short(hash)
        )
    };
    format!(
        "<span class=\"media-missing\">Image not on this desk: {}</span>",
        esc(&name)
    )
}

/// A remote image, shown as a link to it: the reader's browser never fetches from a server
/// the desk does not control (no address leaked, nothing that breaks when it moves).
pub fn remote_link(url: &str, alt: &str) -> String {
    let text = if alt.trim().is_empty() {
        "Image on another site".to_string()
    } else {
        format!("Image: {}", alt.trim())
    };
    format!(
        "<a class=\"remote-image\" href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
        esc(url),
        esc(&text)
    )
}
