//! Why an image was refused: one error naming the file, and the reason as a type tests match.

use std::fmt;

/// An image the intake refused. Nothing was written when this is returned.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct IntakeError {
    /// The file's name as the person gave it (no folder), so the message names what they chose.
    pub file: String,
    pub reason: Refusal,
}

impl IntakeError {
    pub fn new(file: &str, reason: Refusal) -> Self {
        IntakeError {
            file: file.to_string(),
            reason,
        }
    }
}

/// What was wrong with the file, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// Over the size cap; checked before a byte is decoded.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// Its bytes are none of the formats the desk takes, whatever its name says.
    NotAnImage,
    /// A real image format the desk does not take (HEIC, AVIF, TIFF, …).
    Unsupported {
        format: &'static str,
    },
    /// The header declares more pixels than the desk decodes (a decompression bomb, or a
    /// panorama far beyond what a page shows).
    TooManyPixels {
        width: u32,
        height: u32,
    },
    /// The file ends before its image data does.
    Truncated,
    /// The decoder rejected the data.
    Damaged(String),
    /// Markup inside an image file: one file made to be read as two things.
    Polyglot {
        marker: String,
    },
    SvgScript,
    SvgEventHandler {
        attribute: String,
    },
    SvgExternalReference {
        href: String,
    },
    SvgForeignObject,
    SvgEntities,
    SvgText,
    SvgInvalid(String),
    /// Reading the file failed (not found, no permission).
    Unreadable(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::limits::{MAX_PIXELS, MAX_SIDE};
        match self {
            Refusal::Empty => write!(f, "the file is empty"),
            Refusal::TooLarge { bytes, limit } => write!(
                f,
                "the file is {} MB; the desk takes images up to {} MB",
                bytes.div_ceil(1_000_000),
                limit / 1_000_000
            ),
            Refusal::NotAnImage => write!(
                f,
                "this is not an image: its content is not JPEG, PNG, GIF, WebP or SVG, whatever \
                 its name says"
            ),
            Refusal::Unsupported { format } => write!(
                f,
                "{format} images are not supported; export it as JPEG or PNG first"
            ),
            Refusal::TooManyPixels { width, height } => write!(
                f,
                "the image declares {width}×{height} pixels; the desk takes images up to {} \
                 megapixels and {MAX_SIDE} pixels a side",
                MAX_PIXELS / 1_000_000
            ),
            Refusal::Truncated => write!(
                f,
                "the file is cut short: it ends before its image data does (an interrupted \
                 download or copy?)"
            ),
            Refusal::Damaged(detail) => write!(f, "the image data is damaged ({detail})"),
            Refusal::Polyglot { marker } => write!(
                f,
                "the file holds web markup ({marker}) beside its image data; a file made to be \
                 read as two things is refused"
            ),
            Refusal::SvgScript => write!(f, "the SVG contains a <script>"),
            Refusal::SvgEventHandler { attribute } => {
                write!(f, "the SVG contains an event handler ({attribute})")
            }
            Refusal::SvgExternalReference { href } => write!(
                f,
                "the SVG refers to something outside itself ({href}); pages must not load \
                 anything from elsewhere"
            ),
            Refusal::SvgForeignObject => {
                write!(
                    f,
                    "the SVG contains a <foreignObject> (HTML inside the image)"
                )
            }
            Refusal::SvgEntities => write!(
                f,
                "the SVG declares XML entities (a DOCTYPE with an internal subset), which can \
                 expand without bound"
            ),
            Refusal::SvgText => write!(
                f,
                "the SVG draws text with fonts; convert its text to outlines (paths) first, so \
                 every desk and page shows it the same"
            ),
            Refusal::SvgInvalid(detail) => write!(f, "the SVG cannot be read ({detail})"),
            Refusal::Unreadable(detail) => write!(f, "cannot read the file ({detail})"),
        }
    }
}
