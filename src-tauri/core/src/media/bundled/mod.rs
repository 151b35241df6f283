//! A bundle's images: which ones a desk's content shows (`media` in bundle.json), the zip
//! that carries their originals, and landing them on a desk inside the import's transaction.
//! See docs/bundle-format.md.

pub mod backup;
mod desk;
mod rows;
mod zipped;

pub use desk::BundleFile;
pub(crate) use rows::save_media_tx;
pub use rows::{check_media, referenced, BundleMedia, Staged};
pub use zipped::{is_zip, read_zip, write_zip, Incoming, ZipLimits};
