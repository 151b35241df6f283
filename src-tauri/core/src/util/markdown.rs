//! The desk's Markdown dialect: the one set of parser options the renderer and every reader of
//! Markdown (finding the images a text shows, counting words) use, so they read a text alike.

use pulldown_cmark::Options;

/// Tables, strikethrough and footnotes on top of CommonMark.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}
