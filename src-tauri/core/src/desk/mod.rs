//! The desk: one data folder's store behind a lock, and the operations the app and CLI share.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::bundle::{Bundle, BundleError, ImportReport};
use crate::model::{ComparisonStatus, EntityKind};
use crate::render::{build_page, Library, PageCache, Renderer};
use crate::score::{community_share, panel_ship, PanelShip};
use crate::store::{SaveCtx, SearchHit, Store, StoreError};
use crate::workflow::{Profile, Role};

mod actions;
mod assign;
pub use assign::{parse_due, Assignment};
mod calendar;
pub use calendar::{
    local_instant, time_zone, Calendar, CalendarEntry, CalendarEntryKind, CalendarQuery,
    MAX_CALENDAR_DAYS,
};
mod history;
mod import;
mod links;
pub use links::{CheckedLink, LinkReport};
mod newsletter;
pub use newsletter::NewsletterPreview;
mod notices;
pub use notices::Notice;
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

/// A page rendered from unsaved form state, with the checks that apply to it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DraftPreview {
    pub html: String,
    pub checks: Vec<crate::checks::Check>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ToolCard {
    pub slug: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub tagline: String,
    pub entry: String,
    pub panel_ship: PanelShip,
    pub community_percent: Option<u32>,
    /// The logo's hash (the lists show its thumbnail), when the tool has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ComparisonSummary {
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub status: ComparisonStatus,
    /// Published, and something the page shows has changed since.
    pub stale: bool,
    /// The publishing targets holding the page, by name: where it is live. Empty for a
    /// published page that went to no target (yet).
    pub live_on: Vec<String>,
    pub tools: Vec<ToolCard>,
    /// Reviewer slugs of the page's panel, in scorecard order.
    pub panel: Vec<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ToolSummary {
    pub slug: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub tagline: String,
    pub entry: String,
    pub pricing_checked_on: Option<String>,
    /// The logo's hash (the list shows its thumbnail), when the tool has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReviewerSummary {
    pub slug: String,
    pub name: String,
    pub persona: String,
    pub verdict_count: usize,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SiteSummary {
    pub site_name: String,
    pub kicker: String,
}

/// Everything the first screens show, in one call.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Overview {
    pub site: SiteSummary,
    pub comparisons: Vec<ComparisonSummary>,
    pub tools: Vec<ToolSummary>,
    pub reviewers: Vec<ReviewerSummary>,
    /// The publishing targets' names: with none, publishing a page sends it nowhere.
    pub targets: Vec<String>,
    /// Why publishing now would write wrong addresses (no base URL, or the sample's).
    pub publish_warning: Option<String>,
    pub data_dir: String,
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

    /// Starts stale tracking for published pages that have none yet (imported ones): the
    /// page as it is now counts as what was published.
    fn track_published(&self) -> Result<(), DeskError> {
        let recorded = self.store().published_hashes()?;
        let lib = self.library()?;
        for c in lib
            .comparisons
            .iter()
            .filter(|c| c.status == ComparisonStatus::Published && !recorded.contains_key(&c.slug))
        {
            let hash = page_hash(&lib, c)?;
            self.store().record_published(&c.slug, &hash)?;
        }
        Ok(())
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

    pub fn overview(&self) -> Result<Overview, DeskError> {
        let stale = self.stale_pages()?;
        let mut live_on = self.live_on()?;
        let targets = self.targets()?.into_iter().map(|t| t.name).collect();
        let store = self.store();
        let site = store.site()?;
        let site_settings = site.clone();
        let tools = store.tools()?;
        let reviewers = store.reviewers()?;
        let verdicts = store.verdicts()?;
        let votes = store.votes()?;
        // Looked up by slug, not searched for each card: a desk of 2,000 pages has 4,000 cards.
        let tool_by_slug: std::collections::HashMap<&str, &crate::model::Tool> =
            tools.iter().map(|t| (t.slug.as_str(), t)).collect();
        let mut verdicts_of_tool: std::collections::HashMap<&str, Vec<crate::model::Verdict>> =
            Default::default();
        for v in &verdicts {
            verdicts_of_tool
                .entry(v.tool.as_str())
                .or_default()
                .push(v.clone());
        }
        let mut votes_of_page: std::collections::HashMap<&str, Vec<crate::model::CommunityVotes>> =
            Default::default();
        for v in &votes {
            votes_of_page
                .entry(v.comparison.as_str())
                .or_default()
                .push(v.clone());
        }
        let mut verdict_count: std::collections::HashMap<&str, usize> = Default::default();
        for v in &verdicts {
            *verdict_count.entry(v.reviewer.as_str()).or_default() += 1;
        }
        let updated_at = store.comparisons_updated_at()?;
        let mut comparisons = Vec::new();
        for c in store.comparisons()? {
            let page_votes = votes_of_page
                .get(c.slug.as_str())
                .map_or(&[][..], Vec::as_slice);
            let cards = c
                .tools
                .iter()
                .filter_map(|slug| tool_by_slug.get(slug.as_str()))
                .map(|t| ToolCard {
                    slug: t.slug.clone(),
                    name: t.name.clone(),
                    vendor: t.vendor.clone(),
                    category: t.category.clone(),
                    tagline: t.tagline.clone(),
                    entry: t.entry_price.label(),
                    panel_ship: panel_ship(
                        &c.panel,
                        &t.slug,
                        verdicts_of_tool
                            .get(t.slug.as_str())
                            .map_or(&[][..], Vec::as_slice),
                    ),
                    community_percent: community_share(page_votes, &c.slug, &t.slug),
                    logo: t.logo.clone(),
                })
                .collect();
            comparisons.push(ComparisonSummary {
                stale: stale.contains(&c.slug),
                live_on: live_on.remove(&c.slug).unwrap_or_default(),
                panel: c.panel,
                updated_at: updated_at.get(&c.slug).cloned().unwrap_or_default(),
                slug: c.slug,
                title: c.title,
                dek: c.dek,
                status: c.status,
                tools: cards,
            });
        }
        Ok(Overview {
            site: SiteSummary {
                site_name: site.site_name,
                kicker: site.kicker,
            },
            comparisons,
            tools: tools
                .iter()
                .map(|t| ToolSummary {
                    slug: t.slug.clone(),
                    name: t.name.clone(),
                    vendor: t.vendor.clone(),
                    category: t.category.clone(),
                    tagline: t.tagline.clone(),
                    entry: t.entry_price.label(),
                    pricing_checked_on: t.pricing_checked_on.map(|d| d.to_string()),
                    logo: t.logo.clone(),
                })
                .collect(),
            reviewers: reviewers
                .iter()
                .map(|r| ReviewerSummary {
                    slug: r.slug.clone(),
                    name: r.name.clone(),
                    persona: r.persona.clone(),
                    verdict_count: verdict_count.get(r.slug.as_str()).copied().unwrap_or(0),
                })
                .collect(),
            targets,
            publish_warning: crate::checks::base_url_warning(&site_settings),
            data_dir: self.data_dir.display().to_string(),
        })
    }

    pub fn comparison(&self, slug: &str) -> Result<crate::model::Comparison, DeskError> {
        Ok(self
            .store()
            .comparison(slug)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "comparison",
                key: slug.to_string(),
            })?)
    }

    /// Saves an edited comparison as `profile` (an editor). Its workflow state cannot be
    /// changed here: status and dates stay as stored; workflow steps go through
    /// `page_action`, where roles are checked.
    pub fn save_comparison(
        &self,
        profile: &str,
        edited: &crate::model::Comparison,
    ) -> Result<crate::model::Comparison, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "edit comparisons")?;
        let stored = store
            .comparison(&edited.slug)?
            .ok_or_else(|| not_yet("comparison", &edited.slug))?;
        let mut page = edited.clone();
        page.status = stored.status;
        page.scheduled_for = stored.scheduled_for;
        page.published_at = stored.published_at;
        assign::check_assignee(&store, &page, Some(&stored))?;
        store.save_comparison(actor.ctx(), &page)?;
        drop(store);
        // Targets that publish scheduled pages themselves (Ghost) hold this one already: they
        // get the edit now, as the desk's own schedule would publish it.
        if page.status == ComparisonStatus::Scheduled {
            self.queue_ahead(&page.slug, false)?;
        }
        Ok(page)
    }

    /// Adds a new comparison as `profile` (an editor), as a draft. A slug already in use is
    /// refused, and so is a second page for the same tools (`PairTaken`, naming the page that
    /// has them, so the app can offer to open it). A page
    /// created without a dek starts with the site's default dek.
    pub fn create_comparison(
        &self,
        profile: &str,
        new: &crate::model::Comparison,
    ) -> Result<crate::model::Comparison, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "add comparisons")?;
        if store.comparison(&new.slug)?.is_some() {
            return Err(taken("comparison", &new.slug));
        }
        if let Some((slug, title)) = store.comparison_for_tools(&new.tools, &new.slug)? {
            return Err(DeskError::PairTaken { slug, title });
        }
        let mut page = new.clone();
        page.status = ComparisonStatus::Draft;
        page.scheduled_for = None;
        page.published_at = None;
        if page.dek.trim().is_empty() {
            page.dek = store.site()?.default_dek;
        }
        assign::check_assignee(&store, &page, None)?;
        store.save_comparison(actor.ctx(), &page)?;
        Ok(page)
    }

    /// The saved content, ready to render; reloaded only when something was saved since.
    pub fn library(&self) -> Result<Arc<Library>, DeskError> {
        Ok(self.pages.library(self.store())?)
    }

    /// The renderer for the site's theme, compiled once per theme.
    pub(crate) fn renderer(
        &self,
        site: &crate::model::SiteSettings,
    ) -> Result<Arc<Renderer>, DeskError> {
        Ok(self.pages.renderer(site)?)
    }

    /// The finished page of a saved comparison, as HTML: what the preview shows and what
    /// the site and publishing write, from the same renderer.
    pub fn preview_comparison(&self, slug: &str) -> Result<String, DeskError> {
        let lib = self.library()?;
        let page = lib
            .comparison(slug)
            .ok_or_else(|| crate::render::RenderError::NoComparison(slug.to_string()))?;
        let renderer = self.renderer(&lib.site)?;
        Ok(renderer.page_html(&build_page(&lib, page)?)?)
    }

    /// The page as it would look with the form's unsaved values, and its checks. Nothing is
    /// saved; the draft may be invalid (the checks and the page say what is missing). Its
    /// images are on the app's `media` protocol (`MediaBase::app`), the rest as published.
    pub fn preview_draft(
        &self,
        draft: &crate::model::Comparison,
    ) -> Result<DraftPreview, DeskError> {
        let lib = self.library()?;
        let renderer = self.renderer(&lib.site)?;
        // Unknown tools or reviewers are reported by the checks; the page shows the rest.
        let mut shown = draft.clone();
        shown.tools.retain(|t| lib.tools.contains_key(t));
        shown.panel.retain(|r| lib.reviewers.contains_key(r));
        let media = crate::render::pictures::MediaBase::app();
        let html = renderer.page_html(&crate::render::build_page_with(&lib, &shown, &media)?)?;
        let mut checks =
            crate::checks::check_comparison(&lib, draft, chrono::Utc::now().date_naive());
        checks.extend(self.link_checks(&lib, draft)?);
        checks.sort_by_key(|c| c.severity);
        Ok(DraftPreview { html, checks })
    }

    /// Moves a comparison through its workflow as `profile`, saving it (with a revision) in
    /// one transaction. Refusals change nothing.
    /// Publishing queues the page for every publishing target, and unpublishing queues its
    /// removal from every target that holds it (the worker sends them).
    pub fn page_action(
        &self,
        profile: &str,
        comparison: &str,
        action: crate::workflow::PageAction,
    ) -> Result<crate::model::Comparison, DeskError> {
        let page = self.transition(profile, comparison, action)?;
        match action {
            crate::workflow::PageAction::Publish => {
                let targets = self.targets()?;
                if !targets.is_empty() {
                    let mut plan = PublishPlan::default();
                    self.queue_puts(&targets, std::slice::from_ref(&page.slug), true, &mut plan)?;
                }
            }
            crate::workflow::PageAction::Unpublish => {
                self.queue_removal(std::slice::from_ref(&page.slug))?;
            }
            // A target that publishes scheduled pages itself (Ghost) gets the page now, with
            // its time; taken off the schedule, the page leaves it again.
            crate::workflow::PageAction::Schedule { .. } => {
                self.queue_ahead(&page.slug, true)?;
            }
            crate::workflow::PageAction::ReturnToDraft => {
                self.queue_removal(std::slice::from_ref(&page.slug))?;
            }
            _ => {}
        }
        Ok(page)
    }

    /// The workflow step alone, with the published-page record kept in step.
    fn transition(
        &self,
        profile: &str,
        comparison: &str,
        action: crate::workflow::PageAction,
    ) -> Result<crate::model::Comparison, DeskError> {
        let mut store = self.store();
        let actor = actor(&store, profile)?;
        let mut page = store
            .comparison(comparison)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "comparison",
                key: comparison.to_string(),
            })?;
        crate::workflow::apply_page_action(&actor, &mut page, action, chrono::Utc::now())?;
        store.save_comparison(actor.ctx(), &page)?;
        match action {
            crate::workflow::PageAction::Publish => {
                drop(store);
                let hash = self.page_hash(&page.slug)?;
                self.store().record_published(&page.slug, &hash)?;
            }
            crate::workflow::PageAction::Unpublish => store.forget_published(&page.slug)?,
            _ => {}
        }
        Ok(page)
    }

    /// A hash of everything the saved comparison's page shows.
    /// Loads only that page's content unless the whole desk's is loaded and current.
    fn page_hash(&self, slug: &str) -> Result<String, DeskError> {
        let no_page = || crate::render::RenderError::NoComparison(slug.to_string());
        let lib = self
            .pages
            .page_library(self.store(), slug)?
            .ok_or_else(no_page)?;
        page_hash(&lib, lib.comparison(slug).ok_or_else(no_page)?)
    }

    /// Published pages a target holds in an older version than the page as it is now. A page
    /// no target holds (a desk without targets, or not sent yet) is compared with the page as
    /// it was when it was published instead, so an edit still shows until it goes out.
    pub fn stale_pages(&self) -> Result<std::collections::HashSet<String>, DeskError> {
        let published = self.store().published_hashes()?;
        let held = self.held_hashes()?;
        let mut stale = std::collections::HashSet::new();
        if published.is_empty() && held.is_empty() {
            return Ok(stale);
        }
        let now = self.published_hashes_now()?;
        for (slug, current) in now.iter() {
            let out_of_date = match held.get(slug) {
                Some(hashes) => hashes.iter().any(|h| h != current),
                None => published
                    .get(slug)
                    .is_some_and(|recorded| recorded != current),
            };
            if out_of_date {
                stale.insert(slug.clone());
            }
        }
        Ok(stale)
    }

    /// Per page, the content hashes the targets holding it acknowledged (pages a publisher
    /// chose to keep at a target's own copy are left out: that copy is theirs, not ours).
    fn held_hashes(&self) -> Result<std::collections::HashMap<String, Vec<String>>, DeskError> {
        let store = self.store();
        let mut held: std::collections::HashMap<String, Vec<String>> = Default::default();
        for target in store.outbox().targets()? {
            for (slug, (hash, kept_remote)) in store.outbox().remote_hashes(&target.name)? {
                if !kept_remote {
                    held.entry(slug).or_default().push(hash);
                }
            }
        }
        Ok(held)
    }

    /// Per page, the targets holding it, by name.
    pub fn live_on(&self) -> Result<std::collections::HashMap<String, Vec<String>>, DeskError> {
        let mut live: std::collections::HashMap<String, Vec<String>> = Default::default();
        for page in self.store().outbox().pages()? {
            live.entry(page.slug).or_default().push(page.target);
        }
        Ok(live)
    }

    /// Moves a verdict through its workflow as `profile`. Refusals change nothing.
    pub fn verdict_action(
        &self,
        profile: &str,
        reviewer: &str,
        tool: &str,
        action: &crate::workflow::VerdictAction,
    ) -> Result<crate::model::Verdict, DeskError> {
        let mut store = self.store();
        let actor = actor(&store, profile)?;
        let mut verdict = store
            .verdicts_for_tool(tool)?
            .into_iter()
            .find(|v| v.reviewer == reviewer)
            .ok_or_else(|| StoreError::NotFound {
                kind: "verdict",
                key: crate::model::verdict_key(reviewer, tool),
            })?;
        crate::workflow::apply_verdict_action(&actor, &mut verdict, action, chrono::Utc::now())?;
        store.save_verdict(actor.ctx(), &verdict)?;
        Ok(verdict)
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

/// The hash of a comparison's page: the same [`crate::render::page_hash`] the targets'
/// records hold, so a page is stale against what was published by the same measure.
fn page_hash(lib: &Library, page: &crate::model::Comparison) -> Result<String, DeskError> {
    Ok(crate::render::page_hash(
        &build_page(lib, page)?,
        &lib.site.theme,
    ))
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

/// The profile acting: the saves it makes carry its [`SaveCtx`].
pub(crate) struct Actor {
    profile: Profile,
    ctx: SaveCtx,
}

impl Actor {
    /// The context of a save this profile types here.
    pub(crate) fn ctx(&self) -> &SaveCtx {
        &self.ctx
    }
}

impl std::ops::Deref for Actor {
    type Target = Profile;
    fn deref(&self) -> &Profile {
        &self.profile
    }
}

/// The profile acting, or a clear "no profile" error. On a team desk only the member signed
/// in acts here (the server checks their roles again).
pub(crate) fn actor(store: &Store, slug: &str) -> Result<Actor, DeskError> {
    if let Some(member) = signed_in_other_than(store, slug)? {
        return Err(crate::workflow::WorkflowError::NotAllowed {
            who: format!("\"{slug}\""),
            what: "act on this team desk",
            why: format!("it is signed in to the team as \"{member}\""),
        }
        .into());
    }
    let profile = store.profile(slug)?.ok_or_else(|| StoreError::NotFound {
        kind: "profile",
        key: slug.to_string(),
    })?;
    Ok(Actor {
        ctx: SaveCtx::local(&profile.slug),
        profile,
    })
}

/// On a team desk signed in as someone other than `slug`, that member: only they act here.
fn signed_in_other_than(store: &Store, slug: &str) -> Result<Option<String>, DeskError> {
    Ok(crate::team::local::link(store.conn())?
        .map(|link| link.user)
        .filter(|member| member != slug))
}

/// The profile acting, refused unless it has `role` for `what` (e.g. "edit tools").
pub(crate) fn require(
    store: &Store,
    slug: &str,
    role: Role,
    what: &'static str,
) -> Result<Actor, DeskError> {
    let profile = actor(store, slug)?;
    if profile.has(role) {
        Ok(profile)
    } else {
        Err(crate::workflow::WorkflowError::NotAllowed {
            who: crate::workflow::who(&profile),
            what,
            why: format!("that needs the {role} role"),
        }
        .into())
    }
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
