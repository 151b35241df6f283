//! Small helpers every layer may use: content hashing, atomic file replacement, the Markdown
//! dialect. Nothing
//! here knows about the desk's content.

pub mod fs;
pub mod hash;
pub mod lease;
pub mod markdown;

pub use fs::replace_file;
pub use hash::hash;
