//! SVG intake: refuse what can run or reach out (script, event handlers, outside references,
//! `foreignObject`, entity declarations), then keep usvg's re-serialisation of the drawing,
//! which holds only shapes, paints and their definitions, and rasterise that for the variants.
//!
//! Kept as clean SVG rather than only rasterised: a logo stays sharp at every size on the
//! page, and the PNG/WebP variants made from it serve the places SVG cannot go (share card,
//! newsletter).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::error::Refusal;
use super::limits::{MAX_PIXELS, MAX_SIDE, MAX_SVG_NODES};
use super::pixels::Pixels;

/// A clean SVG and its size in CSS pixels (rounded, at least 1).
pub struct CleanSvg {
    pub text: String,
    pub width: u32,
    pub height: u32,
}

/// Checks `bytes` and returns the re-serialised drawing.
pub fn clean(bytes: &[u8]) -> Result<CleanSvg, Refusal> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Refusal::SvgInvalid("it is not UTF-8 text".into()))?;
    check(text)?;
    let tree = parse(text)?;
    let text = tree.to_string(&usvg::WriteOptions::default());
    let size = tree.size();
    let (width, height) = (round_size(size.width()), round_size(size.height()));
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Refusal::TooManyPixels { width, height });
    }
    Ok(CleanSvg {
        text,
        width,
        height,
    })
}

fn round_size(v: f32) -> u32 {
    // The float is positive (usvg refuses empty sizes); `as` saturates the absurd.
    (v.round() as u32).max(1)
}

/// Options that can load nothing: no fonts (text is refused), no files, no data URLs.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| usvg::Options {
        resources_dir: None,
        fontdb: Arc::new(usvg::fontdb::Database::new()),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    })
}

fn parse(text: &str) -> Result<usvg::Tree, Refusal> {
    usvg::Tree::from_str(text, options()).map_err(|e| Refusal::SvgInvalid(e.to_string()))
}

/// Refuses, naming the first thing found, an SVG that could run script, load anything from
/// elsewhere, or expand entities; and one that draws text (its look would depend on the
/// fonts of the computer drawing it).
fn check(text: &str) -> Result<(), Refusal> {
    // roxmltree guards against entity loops and billion-laughs growth, but a logo has no
    // business declaring entities at all: any internal DTD subset is refused outright.
    if text.contains("<!ENTITY") || doctype_has_subset(text) {
        return Err(Refusal::SvgEntities);
    }
    let doc = usvg::roxmltree::Document::parse_with_options(
        text,
        usvg::roxmltree::ParsingOptions {
            allow_dtd: true,
            nodes_limit: MAX_SVG_NODES,
        },
    )
    .map_err(|e| Refusal::SvgInvalid(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(Refusal::SvgInvalid(format!(
            "its root element is <{}>, not <svg>",
            root.tag_name().name()
        )));
    }
    for node in doc.descendants() {
        if node.is_element() {
            match node.tag_name().name() {
                "script" => return Err(Refusal::SvgScript),
                "foreignObject" => return Err(Refusal::SvgForeignObject),
                "text" | "tspan" | "textPath" => return Err(Refusal::SvgText),
                "style" => check_css(node.text().unwrap_or_default())?,
                _ => {}
            }
            for attr in node.attributes() {
                let name = attr.name();
                if name.len() > 2 && name[..2].eq_ignore_ascii_case("on") {
                    return Err(Refusal::SvgEventHandler {
                        attribute: name.to_string(),
                    });
                }
                if name == "href" && !attr.value().trim_start().starts_with('#') {
                    return Err(Refusal::SvgExternalReference {
                        href: shown(attr.value()),
                    });
                }
                check_css(attr.value())?;
            }
        } else if let Some(text) = node.text() {
            // CSS in a CDATA section of <style> arrives as a child text node.
            if node.parent_element().map(|p| p.tag_name().name()) == Some("style") {
                check_css(text)?;
            }
        }
    }
    Ok(())
}

fn doctype_has_subset(text: &str) -> bool {
    text.find("<!DOCTYPE")
        .map(|at| {
            let rest = &text[at..];
            let end = rest.find('>').unwrap_or(rest.len());
            rest[..end].contains('[')
        })
        .unwrap_or(false)
}

/// `url(…)` pointing anywhere but inside the document, and `@import`, in CSS or a paint.
fn check_css(value: &str) -> Result<(), Refusal> {
    let lower = value.to_ascii_lowercase();
    if let Some(at) = lower.find("@import") {
        return Err(Refusal::SvgExternalReference {
            href: shown(&value[at..]),
        });
    }
    let mut rest = lower.as_str();
    let mut offset = 0;
    while let Some(at) = rest.find("url(") {
        let inner = rest[at + 4..]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .trim_start();
        if !inner.starts_with('#') {
            let start = offset + at;
            return Err(Refusal::SvgExternalReference {
                href: shown(&value[start..]),
            });
        }
        offset += at + 4;
        rest = &rest[at + 4..];
    }
    Ok(())
}

/// An attribute value cut for a message.
fn shown(value: &str) -> String {
    let mut out: String = value.trim().chars().take(80).collect();
    if out.len() < value.trim().len() {
        out.push('…');
    }
    out
}

/// Draws the clean SVG `width` pixels wide (straight, not premultiplied, alpha).
pub fn rasterise(clean_svg: &str, width: u32) -> Result<Pixels, Refusal> {
    let tree = parse(clean_svg)?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = ((size.height() * scale).round() as u32).max(1);
    if height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooManyPixels { width, height });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| Refusal::SvgInvalid("it has no area".into()))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let data = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let rgba = image::RgbaImage::from_raw(width, height, data).expect("width × height pixels");
    Ok(Pixels::from_image(image::DynamicImage::ImageRgba8(rgba)))
}
