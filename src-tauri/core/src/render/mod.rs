//! The one page renderer: builds the page model from content and renders it with a theme.
//! The app's preview, exports, the static site and publishing all go through here.

mod build;
mod cache;
mod card_logo;
pub mod jsonld;
mod library;
pub mod mail_images;
pub mod markdown;
mod page;
pub mod pictures;
pub mod share_card;
mod theme;
mod tool_page;
pub mod vote_form;

pub use build::{build_page, build_page_with};
pub use cache::{page_hash, published_hashes_of, PageCache};
pub use library::Library;
pub use page::{
    comparison_path, tool_path, Page, PageCall, PageLinks, PageNewsletter, PageTool, ScoreCell,
    ScoreRow, SHARE_CARD_FILE,
};
pub use theme::{theme_names, Css, Renderer};
pub use tool_page::{
    build_tool_page, build_tool_page_from, build_tool_page_with, IndexEntry, ToolPage,
};

use crate::store::{Store, StoreError};
use crate::validate::FieldError;

/// What rendering can fail on: content a page cannot show, an unknown theme, a template.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("no comparison \"{0}\"")]
    NoComparison(String),
    #[error("no tool \"{0}\"")]
    NoTool(String),
    #[error("site.theme: no theme \"{name}\" (available: {available})")]
    NoTheme { name: String, available: String },
    #[error("theme template {template}: {source}")]
    Template {
        template: String,
        source: minijinja::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Renders one saved comparison in one format: "html", "json" or "md".
pub fn render_saved(store: &Store, slug: &str, format: &str) -> Result<String, RenderError> {
    let lib = Library::load(store)?;
    let comparison = lib
        .comparison(slug)
        .ok_or_else(|| RenderError::NoComparison(slug.to_string()))?;
    let page = build_page(&lib, comparison)?;
    let renderer = Renderer::for_site(&lib.site)?;
    match format {
        "html" => renderer.page_html(&page),
        "md" => renderer.page_markdown(&page),
        _ => Ok(serde_json::to_string_pretty(&page).expect("page serialises") + "\n"),
    }
}
