//! The share card: a 1200×630 PNG per comparison (title, each tool's panel ship and community
//! share) drawn from the theme's SVG template by resvg, for `og:image` and the publishing
//! targets. Made at build/publish time only: rasterising costs milliseconds, not microseconds,
//! so the editor's per-keystroke preview never calls it. A tool's logo sits left of its name,
//! embedded in the SVG (`card_logo`); a card without logos is what it was before logos.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};
use serde::Serialize;

use super::{card_logo, Library, Page, RenderError, Renderer};
use crate::validate::FieldError;

pub const WIDTH: u32 = 1200;
/// What draws the card besides its SVG (the rasteriser and the fonts shipped with this
/// build), part of a card's hash so a new build's cards are sent again.
pub const DRAWN_BY: &str = concat!(
    "resvg 0.45, data/fonts, verdict ",
    env!("CARGO_PKG_VERSION")
);
pub const HEIGHT: u32 = 630;
/// At most this many tool panels fit side by side; more are named as "+N more".
const MAX_PANELS: usize = 4;
const TITLE_LINES: usize = 2;
/// Characters of the 50px serif title that fit in 1080px (DejaVu Serif Bold averages ~0.6em;
/// 34 reached the card's edge with wide letters).
const TITLE_CHARS: usize = 32;

/// The fonts the card is drawn with, shipped in data/fonts (DejaVu, see its LICENSE), so the
/// card looks the same on every machine and needs nothing installed.
static FONTS: &[&[u8]] = &[
    include_bytes!("../../../../data/fonts/DejaVuSerif-Bold.ttf"),
    include_bytes!("../../../../data/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../../data/fonts/DejaVuSans-Bold.ttf"),
];

#[derive(Debug, thiserror::Error)]
pub enum ShareCardError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("share card SVG: {0}")]
    Svg(#[from] usvg::Error),
    #[error("share card PNG: {0}")]
    Png(String),
}

/// A comparison's share card: the SVG it is drawn from and the PNG.
#[derive(Debug, Clone)]
pub struct ShareCard {
    pub svg: String,
    pub png: Vec<u8>,
}

#[derive(Debug, Serialize)]
struct CardTool {
    x: usize,
    /// Where the name starts: after the logo when there is one.
    name_x: usize,
    /// The card's name size, or smaller to fit a name beside a logo.
    name_size: usize,
    name: String,
    logo: Option<CardLogo>,
    panel: String,
    split: String,
    community: String,
}

/// A logo in a panel: where it is drawn (centred in its square) and its `data:` address.
#[derive(Debug, Serialize)]
struct CardLogo {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    href: String,
}

/// Left edge of a panel's text.
const TEXT_X: usize = 28;
/// Between a logo's square and the name.
const LOGO_GAP: usize = 12;

#[derive(Debug, Serialize)]
struct Card {
    kicker: String,
    site_name: String,
    title_lines: Vec<String>,
    panels_y: usize,
    panel_width: usize,
    tools: Vec<CardTool>,
    more: String,
}

/// Cuts `text` to at most `chars` characters, ending with an ellipsis when it was cut.
fn clip(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut out: String = text.chars().take(chars.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Greedy word wrap into at most `lines` lines of `width` characters.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let full = out.len() == lines;
        let last = out.last_mut();
        match last {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            Some(line) if full => {
                // No room: the rest goes onto the last line, which is then clipped.
                line.push(' ');
                line.push_str(word);
                for w in words.by_ref() {
                    line.push(' ');
                    line.push_str(w);
                }
                *line = clip(line, width);
                break;
            }
            _ => out.push(clip(word, width)),
        }
    }
    out
}

/// The square a logo is drawn in beside a name of `name_size` px, and its top: as tall as the
/// name's capitals and a third more, centred on them (the name's baseline is at 58).
fn logo_square(name_size: usize) -> (u32, u32) {
    let side = name_size * 4 / 3;
    // DejaVu Sans capitals are ~0.73em tall: their middle is 0.365em above the baseline.
    let middle = 58 - name_size * 365 / 1000;
    (side as u32, (middle - side / 2) as u32)
}

/// The card's logos for `page`'s tools (`None` for a tool without one, or one the desk does
/// not have: the checks keep such a page from being published).
fn logos(
    lib: &Library,
    page: &Page,
    name_size: usize,
) -> Result<Vec<Option<CardLogo>>, RenderError> {
    let (side, top) = logo_square(name_size);
    let mut out = Vec::new();
    for (i, t) in page.tools.iter().take(MAX_PANELS).enumerate() {
        let item = lib
            .tools
            .get(&t.slug)
            .and_then(|tool| tool.logo.as_deref())
            .and_then(|hash| lib.pictures.items.get(hash));
        let (Some(item), Some(dir)) = (item, lib.media_dir.as_ref()) else {
            out.push(None);
            continue;
        };
        let logo = card_logo::embed(dir, item, side).map_err(|e| {
            RenderError::Invalid(vec![FieldError::new(
                format!("tools[{i}].logo"),
                format!(
                    "the share card cannot draw the logo of {} (media:{}): {e}",
                    t.name,
                    crate::images::short(&item.hash)
                ),
            )])
        })?;
        out.push(Some(CardLogo {
            x: TEXT_X as u32 + (side - logo.width) / 2,
            y: top + (side - logo.height) / 2,
            width: logo.width,
            height: logo.height,
            href: logo.href.clone(),
        }));
    }
    Ok(out)
}

/// The tools' names' size on a card showing `shown` panels.
fn name_size(shown: usize) -> usize {
    match shown {
        1 | 2 => 30,
        3 => 26,
        _ => 22,
    }
}

fn card(page: &Page, mut logos: Vec<Option<CardLogo>>) -> Card {
    let shown = page.tools.len().clamp(1, MAX_PANELS);
    let gap = 24;
    let panel_width = (1080 - gap * (shown - 1)) / shown;
    let name_size = name_size(shown);
    // DejaVu Sans Bold averages ~0.62em per character.
    let chars_in = |width: usize, size: usize| width * 100 / (size * 62);
    let (side, _) = logo_square(name_size);
    logos.resize_with(page.tools.len().min(MAX_PANELS), || None);
    Card {
        kicker: page.kicker.to_uppercase(),
        site_name: page.site_name.clone(),
        title_lines: wrap(&page.title, TITLE_CHARS, TITLE_LINES),
        panels_y: 250,
        panel_width,
        tools: page
            .tools
            .iter()
            .take(MAX_PANELS)
            .zip(logos)
            .enumerate()
            .map(|(i, (t, logo))| {
                let name_x = match logo {
                    Some(_) => TEXT_X + side as usize + LOGO_GAP,
                    None => TEXT_X,
                };
                let width = panel_width - name_x - TEXT_X;
                // Beside a logo, a name that would be cut gets smaller first (down to 3/4).
                let size = match logo {
                    Some(_) => (width * 100 / (t.name.chars().count().max(1) * 62))
                        .clamp(name_size * 3 / 4, name_size),
                    None => name_size,
                };
                CardTool {
                    x: 60 + i * (panel_width + gap),
                    name_x,
                    name_size: size,
                    name: clip(&t.name, chars_in(width, size)),
                    logo,
                    panel: t.panel_label.clone(),
                    split: t.panel_split.clone(),
                    community: t.community_label.clone(),
                }
            })
            .collect(),
        more: match page.tools.len().saturating_sub(MAX_PANELS) {
            0 => String::new(),
            n => format!("+{n} more compared on the page"),
        },
    }
}

/// The card's `<image>`s are its logos as `data:` PNG or SVG; nothing else is loaded (no
/// file, however an address got into the SVG).
fn image_resolver() -> usvg::ImageHrefResolver<'static> {
    let data = usvg::ImageHrefResolver::default_data_resolver();
    usvg::ImageHrefResolver {
        resolve_data: Box::new(move |mime, bytes, options| match mime {
            "image/png" | "image/svg+xml" => data(mime, bytes, options),
            _ => None,
        }),
        resolve_string: Box::new(|_, _| None),
    }
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for font in FONTS {
            db.load_font_data(font.to_vec());
        }
        db.set_serif_family("DejaVu Serif");
        db.set_sans_serif_family("DejaVu Sans");
        usvg::Options {
            font_family: "DejaVu Sans".into(),
            fontdb: Arc::new(db),
            image_href_resolver: image_resolver(),
            ..usvg::Options::default()
        }
    })
}

/// Draws an SVG of the card's size into a PNG.
pub fn rasterise(svg: &str) -> Result<Vec<u8>, ShareCardError> {
    let tree = usvg::Tree::from_str(svg, options())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("non-zero size");
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    match opaque_rgb(&pixmap) {
        Some(rgb) => encode_rgb(&rgb).map_err(|e| ShareCardError::Png(e.to_string())),
        None => pixmap
            .encode_png()
            .map_err(|e| ShareCardError::Png(e.to_string())),
    }
}

/// The pixels without their alpha channel, when every one is opaque (a card paints its whole
/// background; premultiplied and plain colour are then the same). An RGB PNG takes a quarter
/// of the time to encode that tiny-skia's RGBA one does (0.6 against 2.8 ms a card).
fn opaque_rgb(pixmap: &tiny_skia::Pixmap) -> Option<Vec<u8>> {
    let data = pixmap.data();
    let mut rgb = Vec::with_capacity(data.len() / 4 * 3);
    for pixel in data.chunks_exact(4) {
        if pixel[3] != u8::MAX {
            return None;
        }
        rgb.extend_from_slice(&pixel[..3]);
    }
    Some(rgb)
}

fn encode_rgb(rgb: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

impl Renderer {
    /// The share card's SVG for `page` (built from `lib`, whose media folder holds the tools'
    /// logos), from the theme's template (every text escaped).
    pub fn share_card_svg(&self, lib: &Library, page: &Page) -> Result<String, RenderError> {
        let shown = page.tools.len().clamp(1, MAX_PANELS);
        let logos = logos(lib, page, name_size(shown))?;
        self.render(
            "share-card.svg",
            minijinja::context! { card => card(page, logos) },
        )
    }

    /// The share card for `page`: what `verdict site` writes as `share.png` beside the page and
    /// what a publishing target can send with it (WordPress featured media, page API upload).
    pub fn share_card(&self, lib: &Library, page: &Page) -> Result<ShareCard, ShareCardError> {
        let svg = self.share_card_svg(lib, page)?;
        let png = rasterise(&svg)?;
        Ok(ShareCard { svg, png })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opaque_card_is_encoded_without_alpha_and_a_transparent_one_keeps_it() {
        let opaque = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"><rect width="100%" height="100%" fill="#123456"/></svg>"##
        );
        let png = rasterise(&opaque).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Rgb);
        let pixmap = tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!(&pixmap.data()[..4], &[0x12, 0x34, 0x56, 0xff]);

        let transparent = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"><rect width="10" height="10" fill="#123456"/></svg>"##
        );
        let png = rasterise(&transparent).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Rgba);
    }

    #[test]
    fn titles_wrap_into_two_lines_and_clip() {
        assert_eq!(
            wrap(
                "Claude Haiku Open Weights vs Llama 4 Scout Quantized",
                32,
                2
            ),
            ["Claude Haiku Open Weights vs", "Llama 4 Scout Quantized"]
        );
        let long = wrap(&"word ".repeat(40), 34, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…') && long[1].chars().count() <= 34);
        assert_eq!(wrap(&"x".repeat(50), 34, 2)[0].chars().count(), 34);
    }
}
