//! The desk's weekly newsletter export: the one call the CLI and the app's Publishing screen make.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Desk, DeskError};
use crate::newsletter::{build_newsletter, Newsletter, NewsletterError};

/// The newsletter as the app previews it: what the email says, and both of its parts.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct NewsletterPreview {
    pub subject: String,
    pub summary: String,
    /// Comparisons in it.
    pub count: usize,
    /// The email's HTML document (shown in a sandboxed, script-free frame).
    pub html: String,
    pub text: String,
}

impl Desk {
    /// The newsletter of the comparisons published in `[since, until)`, from saved content.
    pub fn newsletter(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Newsletter, NewsletterError> {
        let lib = self
            .library()
            .map_err(|e| NewsletterError::Desk(Box::new(e)))?;
        build_newsletter(&lib, since, until)
    }

    /// The newsletter of `[since, now)` as the app previews it.
    pub fn newsletter_preview(
        &self,
        since: DateTime<Utc>,
    ) -> Result<NewsletterPreview, NewsletterError> {
        let n = self.newsletter(since, Utc::now())?;
        Ok(NewsletterPreview {
            subject: n.subject,
            summary: n.summary,
            count: n.items.len(),
            html: n.html,
            text: n.text,
        })
    }

    /// Writes `newsletter.html` and `newsletter.txt` of `[since, until)` into `dir` (made if
    /// missing), each replaced whole; returns the two files and the newsletter.
    pub fn write_newsletter(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        dir: &Path,
    ) -> Result<(Newsletter, [PathBuf; 2]), NewsletterError> {
        let n = self.newsletter(since, until)?;
        let io = |source| {
            NewsletterError::Desk(Box::new(DeskError::Io {
                path: dir.display().to_string(),
                source,
            }))
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let files = [dir.join("newsletter.html"), dir.join("newsletter.txt")];
        for (path, body) in files.iter().zip([&n.html, &n.text]) {
            super::write_atomically(path, body.as_bytes())
                .map_err(|e| NewsletterError::Desk(Box::new(e)))?;
        }
        Ok((n, files))
    }

    /// A saved comparison's share card (1200×630 PNG), as `verdict site` writes it.
    pub fn share_card_png(&self, slug: &str) -> Result<Vec<u8>, DeskError> {
        let lib = self.library()?;
        let page = lib
            .comparison(slug)
            .ok_or_else(|| crate::render::RenderError::NoComparison(slug.to_string()))?;
        let renderer = self.renderer(&lib.site)?;
        let page = crate::render::build_page(&lib, page)?;
        renderer
            .share_card(&lib, &page)
            .map(|c| c.png)
            .map_err(|e| DeskError::Io {
                path: format!("share card of {slug}"),
                source: std::io::Error::other(e.to_string()),
            })
    }
}
