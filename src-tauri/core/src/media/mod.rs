//! Images on the desk: taking an image file in (sniffed, decoded under limits, turned upright,
//! stripped of metadata, capped in size, or an SVG cleaned), its responsive variants, and the
//! content-addressed store of them. See docs/media.md.
//!
//! Layers: the intake (`error`, `limits`, `sniff`, `raster`, `svg`, `pixels`, `variants`,
//! `intake`, `refs`) knows nothing of the store; `library` keeps images in the data folder and
//! the `media` table; `desk` is the desk's operations over both.

pub mod bundled;
pub mod catalog;
mod desk;
mod error;
mod intake;
mod library;
pub mod limits;
mod pixels;
mod raster;
pub mod refs;
pub mod replace;
pub mod serve;
mod sniff;
mod svg;
mod uses;
mod variants;

mod text;
pub use error::{IntakeError, Refusal};
pub use intake::{display_name, intake, read_file, received, sha256_hex, Intake};
pub use library::{
    add, add_many, file, remove, set_text, Added, MediaDir, MediaError, MediaItem, MediaUse,
    NewImage, MEDIA_DIR,
};
pub use sniff::{sniff, Format};
pub(crate) use text::text_problems;
pub use text::{MediaDoc, MediaText};
pub use uses::unknown_tool_images;
pub use variants::{derive as derive_variants, OriginalKind, Variant, VariantInfo};
