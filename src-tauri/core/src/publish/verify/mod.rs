//! Verified publishing: reading each page back from its target, as the target stores it and
//! as a reader gets it at its public address, and the receipts that say what was found
//! (docs/publishing-verification.md). Verifying never writes to a target.
//!
//! A target kind takes part by implementing [`ReadBack`] (see `read.rs` for the page API,
//! WordPress and the folder, `ghost.rs` for Ghost) and adding an arm to [`reader_for`].

use async_trait::async_trait;

use super::{OutgoingPage, RemoteRecord, TargetError};
use crate::store::receipts::{Difference, Place};

mod compare;
pub mod facets;
mod ghost;
mod read;
mod run;

pub use read::reader_for;
pub use run::{verify_on, Due, NotChecked, VerifyError, VerifyOptions, VerifyReport};

/// How a target serves a page to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serving {
    /// The desk's whole document, as sent (the page server, the folder): title, canonical,
    /// share image and structured data are all the desk's.
    Document,
    /// The page's content inside the target's own theme (WordPress, Ghost): the `<title>`
    /// format, canonical and share image are the target's; the content, its structured
    /// data and its figures are the desk's.
    Embedded,
}

/// A target's stored copy of a page, as its API (or file) gives it.
#[derive(Debug, Clone)]
pub struct StoredCopy {
    /// The title the target stores, when it keeps one apart from the HTML.
    pub title: Option<String>,
    /// The HTML it stores, in the shape [`ReadBack::sent`] gives for the desk's page (our
    /// own markers taken out).
    pub html: String,
    /// The address a reader opens; `None` when there is none to read (the folder, whose
    /// file is what readers get).
    pub public_url: Option<String>,
    /// What the target's own records show (edited there since, not public, another share
    /// card), already said for a publisher.
    pub findings: Vec<Difference>,
    /// When the target published the page by its own record, for a target that publishes a
    /// scheduled page itself at its time (Ghost); `None` for the others.
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Reading one kind of target back, read-only. Implement it for a new target kind (as
/// `ghost.rs` does for Ghost) and add the kind to [`reader_for`].
#[async_trait]
pub trait ReadBack: Send + Sync {
    /// The target as a publisher names it in a sentence: "WordPress", "the page server".
    fn who(&self) -> &str;

    fn serving(&self) -> Serving;

    /// The desk's page in the shape the target stores it (the whole document by default;
    /// WordPress stores the body and the structured data).
    fn sent(&self, page: &OutgoingPage) -> String {
        page.html.clone()
    }

    /// The target's stored copy of the page last written there as `record`; `Ok(None)` when
    /// the target no longer has it. Must not write anything.
    async fn stored(
        &self,
        page: &OutgoingPage,
        record: &RemoteRecord,
    ) -> Result<Option<StoredCopy>, TargetError>;
}

fn said(place: Place, what: &str, said: String) -> Difference {
    Difference {
        place,
        what: what.to_string(),
        said,
    }
}
