//! Small helpers every layer may use: content hashing and atomic file replacement. Nothing
//! here knows about the desk's content.

pub mod fs;
pub mod hash;
pub mod lease;

pub use fs::replace_file;
pub use hash::hash;
