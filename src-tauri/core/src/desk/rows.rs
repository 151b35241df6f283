//! The rows of the desk's lists that a set of changes touches, read again on their own: one
//! page's summary after one page's save, instead of the whole overview with every page's
//! stale hash (issue 26). The app asks with the changes its `desk-changed` event named.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::{
    ComparisonSummary, Desk, DeskError, ReviewerSummary, SiteSummary, ToolCard, ToolSummary,
};
use crate::model::{Comparison, ComparisonStatus, Tool, Verdict};
use crate::score::{community_share, panel_ship};
use crate::store::{Change, ChangeKind, ChangeOrigin, ChangeWhat};

/// The site's part of the overview, read again when the site changed.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SiteRow {
    pub site: SiteSummary,
    /// Why publishing now would write wrong addresses (as `Overview::publish_warning`).
    pub publish_warning: Option<String>,
}

/// The rows some changes touch, as they are now. Rows of the overview, shaped as there.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeskRows {
    /// The store's count of changes told when these were read: every change stamped with
    /// this generation or an earlier one is in them (`DeskChanges::generation`).
    #[ts(type = "number")]
    pub generation: u64,
    pub comparisons: Vec<ComparisonSummary>,
    pub tools: Vec<ToolSummary>,
    pub reviewers: Vec<ReviewerSummary>,
    /// Rows asked for (or touched) that the desk no longer has.
    pub gone: Vec<Change>,
    /// Set when the site was asked for.
    pub site: Option<SiteRow>,
    /// The targets' names, when a target was asked for.
    pub targets: Option<Vec<String>>,
}

/// Which rows to read: the changed ones and the ones that show them.
#[derive(Default)]
struct Wanted {
    pages: BTreeSet<String>,
    all_pages: bool,
    tools: BTreeSet<String>,
    reviewers: BTreeSet<String>,
    site: bool,
    targets: bool,
}

impl Desk {
    /// The rows `changes` touch: a page's own row; a tool's row and the pages that list it;
    /// a reviewer's row and the pages on whose panel they sit; for a verdict its reviewer's
    /// row (the count) and its tool's pages (the panel's score); for an image the tools and
    /// pages that show it; for the site its summary and every page (each page shows the
    /// site, so any may have gone stale). A `Desk` change asks for everything.
    pub fn rows(&self, changes: &[Change]) -> Result<DeskRows, DeskError> {
        let wanted = self.wanted(changes)?;
        let store = self.store();
        let generation = store.generation();
        let mut gone = Vec::new();

        let mut tools = Vec::new();
        for slug in &wanted.tools {
            match store.tool(slug)? {
                Some(t) => tools.push(tool_summary(&t)),
                None => gone.push(Change::new(ChangeKind::Tool, slug, ChangeWhat::Removed)),
            }
        }
        let mut reviewers = Vec::new();
        for slug in &wanted.reviewers {
            match store.reviewer(slug)? {
                Some(r) => reviewers.push(ReviewerSummary {
                    verdict_count: store.verdicts_by_reviewer_count(slug)?,
                    slug: r.slug,
                    name: r.name,
                    persona: r.persona,
                }),
                None => gone.push(Change::new(ChangeKind::Reviewer, slug, ChangeWhat::Removed)),
            }
        }
        let site = if wanted.site {
            let settings = store.site()?;
            Some(SiteRow {
                publish_warning: crate::checks::base_url_warning(&settings),
                site: SiteSummary {
                    site_name: settings.site_name,
                    kicker: settings.kicker,
                },
            })
        } else {
            None
        };
        let pages: Vec<Comparison> = if wanted.all_pages {
            let all = store.comparisons()?;
            for slug in &wanted.pages {
                if !all.iter().any(|c| &c.slug == slug) {
                    gone.push(Change::new(
                        ChangeKind::Comparison,
                        slug,
                        ChangeWhat::Removed,
                    ));
                }
            }
            all
        } else {
            let mut pages = Vec::with_capacity(wanted.pages.len());
            for slug in &wanted.pages {
                match store.comparison(slug)? {
                    Some(c) => pages.push(c),
                    None => gone.push(Change::new(
                        ChangeKind::Comparison,
                        slug,
                        ChangeWhat::Removed,
                    )),
                }
            }
            pages
        };
        drop(store);
        let comparisons = self.page_rows(pages)?;
        let targets = if wanted.targets {
            Some(self.targets()?.into_iter().map(|t| t.name).collect())
        } else {
            None
        };
        Ok(DeskRows {
            generation,
            comparisons,
            tools,
            reviewers,
            gone,
            site,
            targets,
        })
    }

    /// Per page, what its row shows of its publishing: the hash recorded when it was
    /// published, the hashes its targets hold and the targets holding it. Taken before and
    /// after the publishing queue runs, it names the pages whose row the run changed
    /// ([`Desk::tell_publishing`]); a few queries, no page built.
    pub fn publishing_marks(&self) -> Result<HashMap<String, String>, DeskError> {
        let published = self.store().published_hashes()?;
        let held = self.held_hashes()?;
        let live = self.live_on()?;
        let mut marks: HashMap<String, String> = HashMap::new();
        for (slug, hash) in published {
            marks
                .entry(slug)
                .or_default()
                .push_str(&format!("p:{hash};"));
        }
        for (slug, mut hashes) in held {
            hashes.sort();
            marks
                .entry(slug)
                .or_default()
                .push_str(&format!("h:{};", hashes.join(",")));
        }
        for (slug, mut targets) in live {
            targets.sort();
            marks
                .entry(slug)
                .or_default()
                .push_str(&format!("l:{};", targets.join(",")));
        }
        Ok(marks)
    }

    /// Tells the store's follower of the pages whose publishing changed since `before`
    /// (from [`Desk::publishing_marks`]), as `Published` changes from the publishing queue.
    pub fn tell_publishing(&self, before: &HashMap<String, String>) -> Result<(), DeskError> {
        let after = self.publishing_marks()?;
        let mut changed: Vec<&String> = after
            .iter()
            .filter(|(slug, mark)| before.get(*slug) != Some(*mark))
            .map(|(slug, _)| slug)
            .chain(before.keys().filter(|slug| !after.contains_key(*slug)))
            .collect();
        changed.sort();
        let changes = changed
            .into_iter()
            .map(|slug| Change::new(ChangeKind::Comparison, slug, ChangeWhat::Published))
            .collect();
        self.store().tell(ChangeOrigin::Publishing, changes);
        Ok(())
    }

    fn wanted(&self, changes: &[Change]) -> Result<Wanted, DeskError> {
        let store = self.store();
        let mut w = Wanted::default();
        for c in changes {
            let key = c.key.as_str();
            match c.kind {
                ChangeKind::Comparison => {
                    w.pages.insert(c.key.clone());
                }
                ChangeKind::Tool => {
                    w.tools.insert(c.key.clone());
                    w.pages.extend(store.comparisons_with_tool(key)?);
                }
                ChangeKind::Reviewer => {
                    w.reviewers.insert(c.key.clone());
                    w.pages.extend(store.comparisons_with_reviewer(key)?);
                }
                ChangeKind::Verdict => {
                    if let Some((reviewer, tool)) = key.split_once('/') {
                        w.reviewers.insert(reviewer.to_string());
                        w.pages.extend(store.comparisons_with_tool(tool)?);
                    }
                }
                ChangeKind::Media => {
                    for tool in store.tools_showing_media(key)? {
                        w.pages.extend(store.comparisons_with_tool(&tool)?);
                        w.tools.insert(tool);
                    }
                    w.pages.extend(store.comparisons_showing_media(key)?);
                }
                ChangeKind::Site => {
                    w.site = true;
                    w.all_pages = true;
                }
                ChangeKind::Target => w.targets = true,
                // Comments change no row: the editors and the counts read them again.
                ChangeKind::Comment => {}
                ChangeKind::Desk => {
                    w.site = true;
                    w.targets = true;
                    w.all_pages = true;
                    w.tools.extend(store.tools()?.into_iter().map(|t| t.slug));
                    w.reviewers
                        .extend(store.reviewers()?.into_iter().map(|r| r.slug));
                }
            }
        }
        Ok(w)
    }

    /// The summaries of `pages`, as the overview makes them. Only pages that were published
    /// or that a target holds need their page hash (the stale mark): the kept hashes when they
    /// are current, else each built from that page's own content, never the whole desk's
    /// loaded and kept (a save of a published page would keep it for the session).
    fn page_rows(&self, pages: Vec<Comparison>) -> Result<Vec<ComparisonSummary>, DeskError> {
        if pages.is_empty() {
            return Ok(Vec::new());
        }
        let published = self.store().published_hashes()?;
        let held = self.held_hashes()?;
        let mut live_on = self.live_on()?;
        let tracked = |slug: &str| published.contains_key(slug) || held.contains_key(slug);
        let hashed: Vec<&str> = pages
            .iter()
            .filter(|c| c.status == ComparisonStatus::Published && tracked(&c.slug))
            .map(|c| c.slug.as_str())
            .collect();
        let now = if hashed.is_empty() {
            HashMap::new()
        } else {
            self.page_hashes_of(&hashed)?
        };
        let store = self.store();
        let mut rows = Vec::with_capacity(pages.len());
        for c in pages {
            let stale = match now.get(&c.slug) {
                Some(now) if c.status == ComparisonStatus::Published => match held.get(&c.slug) {
                    Some(hashes) => hashes.iter().any(|h| h != now),
                    None => published.get(&c.slug).is_some_and(|p| p != now),
                },
                _ => false,
            };
            let votes = store.votes_on(&c.slug)?;
            let mut cards = Vec::with_capacity(c.tools.len());
            for slug in &c.tools {
                let Some(t) = store.tool(slug)? else { continue };
                let verdicts: Vec<Verdict> = store.verdicts_for_tool(slug)?;
                cards.push(ToolCard {
                    panel_ship: panel_ship(&c.panel, &t.slug, &verdicts),
                    community_percent: community_share(&votes, &c.slug, &t.slug),
                    slug: t.slug,
                });
            }
            rows.push(ComparisonSummary {
                stale,
                live_on: live_on.remove(&c.slug).unwrap_or_default(),
                updated_at: store.comparison_updated_at(&c.slug)?.unwrap_or_default(),
                panel: c.panel,
                slug: c.slug,
                title: c.title,
                dek: c.dek,
                status: c.status,
                tools: cards,
            });
        }
        Ok(rows)
    }
}

fn tool_summary(t: &Tool) -> ToolSummary {
    ToolSummary {
        slug: t.slug.clone(),
        name: t.name.clone(),
        vendor: t.vendor.clone(),
        category: t.category.clone(),
        tagline: t.tagline.clone(),
        entry: t.entry_price.label(),
        pricing_checked_on: t.pricing_checked_on.map(|d| d.to_string()),
        logo: t.logo.clone(),
    }
}
