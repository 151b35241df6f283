//! The desk: one data folder's store behind a lock, and the operations the app and CLI share.
//! Each concern is a module of its own (the overview, comparison pages, workflow steps,
//! published pages, who acts, ...); this one holds the desk itself, its errors and the
//! helpers they share.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::bundle::{Bundle, BundleError, ImportReport};
use crate::model::EntityKind;
use crate::render::{Library, PageCache, Renderer};
use crate::store::{SaveCtx, SearchHit, Store, StoreError};

mod acting;
use acting::signed_in_other_than;
pub(crate) use acting::{actor, require, Actor};
mod actions;
mod assign;
pub use assign::{parse_due, Assignment};
mod calendar;
pub use calendar::{
    local_instant, time_zone, Calendar, CalendarEntry, CalendarEntryKind, CalendarQuery,
    MAX_CALENDAR_DAYS,
};
mod comparisons;
pub use comparisons::DraftPreview;
mod history;
mod import;
mod links;
pub use links::{CheckedLink, LinkReport};
mod newsletter;
pub use newsletter::NewsletterPreview;
pub mod notices;
pub use notices::{Notice, NoticeKind, NoticeSwitch};
mod overview;
pub use overview::{
    ComparisonSummary, Overview, ReviewerSummary, SiteSummary, ToolCard, ToolSummary,
};
mod published;
mod publishing;
mod receipts;
mod rows;
mod settings;
mod stale;
mod tools;
mod verdicts;
mod vote_service;
pub use vote_service::{
    pull_site_votes, pull_site_votes_if_set, VOTES_PULL_EVERY, VOTE_SERVICE_SECRET,
    VOTE_SERVICE_SOURCE,
};
mod work;
mod work_index;
mod workflow_steps;

pub use history::{word_diff, DiffPart, DiffPartKind, FieldChange, RevisionView};
pub use import::{plan_import, ImportEntity, ImportPlan, ImportReplacement};
pub use publishing::{pull_votes, test_target, ConflictView, PublishPlan, Selection};
pub use receipts::{
    lateness, MarkedUnpublished, MissedSchedule, REVERIFY_EVERY, SCHEDULE_GRACE_MINUTES,
};
pub use rows::{DeskRows, SiteRow};
pub use settings::{default_profiles, DeskInfo};
pub use tools::{PageRef, ToolPreview};
pub use verdicts::{Coverage, CoverageCell, CoverageReviewer, CoverageTool, VerdictDraft};
pub use vote_service::VotesReport;
pub use work::{MyWork, WorkItem, WorkKind, WorkPlace};

/// The desktop app's identifier; its data folder is shared with the CLI.
pub const APP_IDENTIFIER: &str = "com.verdictdesk.desk";

/// The sample content that reproduces the reference comparison page.
pub const SAMPLE_BUNDLE: &str = include_str!("../../../../data/sample/bundle.json");

/// Where the desktop app keeps its data: `$XDG_DATA_HOME/com.verdictdesk.desk` on Linux.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Workflow(#[from] crate::workflow::WorkflowError),
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Publish(#[from] crate::publish::PublishError),
    /// An image refused, missing or still in use (`From` is in `media::desk`).
    #[error(transparent)]
    Media(crate::media::MediaError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// A new page for tools that already have one (a pair of tools gets one page).
    #[error("tools: {}", pair_taken_problem(.slug))]
    PairTaken { slug: String, title: String },
}

/// The refusal of a second page for the same tools, under the tools.
pub fn pair_taken_problem(slug: &str) -> String {
    format!("these tools already have a comparison page: \"{slug}\"")
}

impl From<crate::publish::WorkerError> for DeskError {
    fn from(e: crate::publish::WorkerError) -> Self {
        match e {
            crate::publish::WorkerError::Store(e) => DeskError::Store(e),
            crate::publish::WorkerError::Io { path, source } => DeskError::Io { path, source },
        }
    }
}

pub struct Desk {
    /// Shared with the publishing worker when the desk runs its outbox (`run_outbox`).
    store: Arc<Mutex<Store>>,
    data_dir: PathBuf,
    /// Content loaded for rendering and compiled templates: the same cache the publishing
    /// worker keeps.
    pages: Arc<PageCache>,
}

impl Desk {
    /// Opens the desk in `data_dir`, creating the folder and database when needed.
    /// An older database is backed up before it is migrated.
    pub fn open(data_dir: &Path) -> Result<Desk, DeskError> {
        let mut store = crate::backup::open_dir(data_dir)?;
        // On a desk that belongs to a team, saves become changes to send to the team.
        store.set_journal(crate::team::local::journal());
        Ok(Desk {
            store: Arc::new(Mutex::new(store)),
            data_dir: data_dir.to_path_buf(),
            pages: Arc::new(PageCache::new()),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The store, for operations the desk does not wrap. A panic while it was held does not
    /// leave a half-written change (every write is a transaction), so a poisoned lock is usable.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Loads the sample content when the desk is empty; `None` when it already had content.
    pub fn seed_sample_if_empty(&self) -> Result<Option<ImportReport>, DeskError> {
        let mut store = self.store();
        if !store.is_empty()? {
            return Ok(None);
        }
        let bundle = Bundle::parse(SAMPLE_BUNDLE.as_bytes())?;
        let report = store.import_bundle(&SaveCtx::import(), &bundle)?;
        drop(store);
        self.track_published()?;
        Ok(Some(report))
    }

    pub fn import_file(&self, path: &Path) -> Result<ImportReport, DeskError> {
        // Replacing whatever differs, as an import always has.
        self.import_file_checked(path, true)
    }

    /// Writes the bundle next to `path` and renames it into place, so a failed export never
    /// leaves a half-written file where a good one was.
    pub fn export_file(&self, path: &Path) -> Result<(), DeskError> {
        self.export_to(path).map(drop)
    }

    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>, DeskError> {
        Ok(self.store().search(query, 50)?)
    }

    /// The saved content, ready to render; reloaded only when something was saved since.
    pub fn library(&self) -> Result<Arc<Library>, DeskError> {
        Ok(self.pages.library(self.store())?)
    }

    /// Whether the desk keeps the whole content loaded for rendering: after a preview or a
    /// publish, never for the lists alone (their stale marks load it and let it go).
    pub fn holds_content(&self) -> bool {
        self.pages.holds_library()
    }

    /// The renderer for the site's theme, compiled once per theme.
    pub(crate) fn renderer(
        &self,
        site: &crate::model::SiteSettings,
    ) -> Result<Arc<Renderer>, DeskError> {
        Ok(self.pages.renderer(site)?)
    }

    /// The revision history of one entity, oldest first.
    pub fn history(
        &self,
        entity: EntityKind,
        key: &str,
    ) -> Result<Vec<crate::model::Revision>, DeskError> {
        Ok(self.store().revisions(entity, key)?)
    }
}

/// A save of something that does not exist yet: it has to be created first.
fn not_yet(kind: &'static str, slug: &str) -> DeskError {
    StoreError::NotFound {
        kind,
        key: slug.to_string(),
    }
    .into()
}

/// A new entry whose slug is already taken.
fn taken(kind: &'static str, slug: &str) -> DeskError {
    StoreError::invalid(
        "slug",
        format!("a {kind} with the slug \"{slug}\" already exists; choose another slug"),
    )
    .into()
}

/// A desk in memory holding the sample content: for tests, benchmarks and examples.
pub fn sample_store() -> Result<Store, DeskError> {
    let mut store = Store::open_in_memory()?;
    store.import_bundle(
        &SaveCtx::import(),
        &Bundle::parse(SAMPLE_BUNDLE.as_bytes())?,
    )?;
    Ok(store)
}

/// Writes to a temporary file in the same folder, syncs it, then renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), DeskError> {
    replace_file(path, bytes, true).map_err(|source| DeskError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Replaces `path` with `bytes` atomically; see [`crate::util::replace_file`].
pub use crate::util::replace_file;
