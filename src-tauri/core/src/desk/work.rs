//! "My work": what waits for one profile, by its roles, each item with the place that does it.

use serde::Serialize;

use super::work_index::WorkIndex;
use super::{actor, Desk, DeskError};
use crate::model::{ComparisonStatus, VerdictStatus};
use crate::publish::JobState;
use crate::workflow::Role;

/// What kind of work an item is; the UI groups and words items by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    /// Publisher: a scheduled page whose time passed without a verified receipt (not
    /// published, published late, or not verified on a target since): shown first.
    MissedSchedule,
    /// Reviewer: a page needs their verdict on a tool and none is written yet.
    WriteVerdict,
    /// Reviewer: a verdict an editor returned, with the editor's comment.
    FixVerdict,
    /// Reviewer: a verdict saved as a draft and not submitted.
    SubmitVerdict,
    /// Editor: a submitted verdict waiting to be accepted or returned.
    AcceptVerdict,
    /// Editor: a draft page, or one in review that still has blockers.
    FinishPage,
    /// Editor: a fact of a tool some page shows (price, license, release date, a link) was
    /// checked longer ago than the site's window.
    RecheckFact,
    /// Publisher: a page in review with no blockers, waiting to be approved.
    ApprovePage,
    /// Publisher: an approved page not published or scheduled yet.
    PublishPage,
    /// Publisher: a published page a target holds in an older version.
    StalePage,
    /// Publisher: a publishing job that gave up.
    FailedJob,
    /// Publisher: a page changed on the target since it was last sent.
    Conflict,
    /// Publisher: a page a target does not serve as published (its receipt says it differs,
    /// is missing or could not be read), or has not been read back since it was published.
    PageNotLive,
}

/// Where an item is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkPlace {
    /// The verdict form of `reviewer` on `tool`.
    Verdict { reviewer: String, tool: String },
    /// The comparison editor.
    Comparison { slug: String },
    /// The Publishing screen, at a job of the queue.
    Job {
        #[ts(type = "number")]
        id: i64,
    },
    /// The Publishing screen, at the page's row (its receipts).
    Publishing { slug: String },
    /// The tool editor.
    Tool { slug: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct WorkItem {
    pub kind: WorkKind,
    /// What to do, in the profile's words: "Write your verdict on Mistral Small 4".
    pub title: String,
    /// Why, or for what: the pages that need it, the editor's comment, the error.
    pub detail: String,
    pub place: WorkPlace,
    /// When it is due: the page's due date, or for a verdict the earliest due date of the
    /// verdict requests of the pages that need it.
    #[ts(as = "Option<String>", optional = nullable)]
    pub due: Option<chrono::NaiveDate>,
    /// Due before today.
    #[ts(as = "Option<bool>", optional)]
    pub overdue: bool,
    /// Who holds the page (its assignee), for items about a page.
    #[ts(optional = nullable)]
    pub assignee: Option<String>,
}

/// Everything waiting for one profile, in the order of `WorkKind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MyWork {
    pub profile: String,
    pub items: Vec<WorkItem>,
}

impl Desk {
    /// What waits for `profile`: a reviewer's verdicts to write, submit or fix; an editor's
    /// verdicts to accept and pages to finish; a publisher's pages to approve, publish or
    /// republish, failed jobs and conflicts. A profile with several roles gets all of theirs.
    pub fn my_work(&self, profile: &str) -> Result<MyWork, DeskError> {
        let who = actor(&self.store(), profile)?;
        // Nothing here builds a page: the content as loaded serves, pre-rendered or not.
        let lib = self.pages.library_or_plain(self.store())?;
        let today = chrono::Utc::now().date_naive();
        let mut items = Vec::new();
        let tool_name = |slug: &str| {
            lib.tools
                .get(slug)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| slug.to_string())
        };
        let index = WorkIndex::of(&lib);
        let pages_needing = |reviewer: &str, tool: &str| -> Vec<String> {
            index
                .needing(reviewer, tool)
                .iter()
                .map(|c| format!("\u{201c}{}\u{201d}", c.title))
                .collect()
        };

        if let (true, Some(reviewer)) = (who.has(Role::Reviewer), who.reviewer.as_deref()) {
            // Every tool of every page this reviewer sits on, once, in page order.
            let mut tools: Vec<&str> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for c in lib
                .comparisons
                .iter()
                .filter(|c| c.panel.iter().any(|r| r == reviewer))
            {
                for t in &c.tools {
                    if lib.tools.contains_key(t) && seen.insert(t.as_str()) {
                        tools.push(t);
                    }
                }
            }
            for tool in tools {
                let place = WorkPlace::Verdict {
                    reviewer: reviewer.to_string(),
                    tool: tool.to_string(),
                };
                let needed = format!("Needed by {}", pages_needing(reviewer, tool).join(", "));
                let verdict = lib.verdicts.get(&(reviewer.to_string(), tool.to_string()));
                let (kind, title, detail) = match verdict.map(|v| (v.status, v)) {
                    None => (
                        WorkKind::WriteVerdict,
                        format!("Write your verdict on {}", tool_name(tool)),
                        needed,
                    ),
                    Some((VerdictStatus::Returned, v)) => (
                        WorkKind::FixVerdict,
                        format!("Fix your returned verdict on {}", tool_name(tool)),
                        match v.return_comment.as_deref().filter(|c| !c.trim().is_empty()) {
                            Some(c) => format!("The editor says: {c}"),
                            None => needed,
                        },
                    ),
                    Some((VerdictStatus::Draft, _)) => (
                        WorkKind::SubmitVerdict,
                        format!("Finish and submit your verdict on {}", tool_name(tool)),
                        needed,
                    ),
                    Some(_) => continue,
                };
                items.push(WorkItem {
                    kind,
                    title,
                    detail,
                    place,
                    due: None,
                    overdue: false,
                    assignee: None,
                });
            }
        }

        if who.has(Role::Editor) {
            let mut submitted: Vec<_> = lib
                .verdicts
                .iter()
                .filter(|(_, v)| v.status == VerdictStatus::Submitted)
                .map(|(key, v)| (key, v.updated_at))
                .collect();
            // Oldest first: the one waiting longest.
            submitted.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
            for ((reviewer, tool), _) in submitted {
                let name = lib
                    .reviewers
                    .get(reviewer)
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| reviewer.clone());
                let pages = pages_needing(reviewer, tool);
                items.push(WorkItem {
                    kind: WorkKind::AcceptVerdict,
                    title: format!("Accept or return {name}'s verdict on {}", tool_name(tool)),
                    detail: if pages.is_empty() {
                        "Submitted; no page shows it yet".into()
                    } else {
                        format!("Submitted; needed by {}", pages.join(", "))
                    },
                    place: WorkPlace::Verdict {
                        reviewer: reviewer.clone(),
                        tool: tool.clone(),
                    },
                    due: None,
                    overdue: false,
                    assignee: None,
                });
            }
        }

        if who.has(Role::Editor) {
            recheck_facts(&lib, today, &mut items);
        }

        let stale = if who.has(Role::Publisher) {
            self.stale_pages()?
        } else {
            Default::default()
        };
        let pairs = crate::checks::PairIndex::of(&lib);
        for c in &lib.comparisons {
            // Checked only where the blockers decide an item: most of a big desk's pages are
            // past review, and checking each is most of what My work costs.
            let checked = match c.status {
                ComparisonStatus::Draft => who.has(Role::Editor),
                ComparisonStatus::InReview => who.has(Role::Editor) || who.has(Role::Publisher),
                _ => false,
            };
            let blockers = if checked {
                crate::checks::check_comparison_in(&lib, &pairs, c, today)
                    .into_iter()
                    .filter(|k| k.severity == crate::checks::Severity::Blocker)
                    .count()
            } else {
                0
            };
            let place = WorkPlace::Comparison {
                slug: c.slug.clone(),
            };
            let (kind, title, detail) = match c.status {
                ComparisonStatus::Draft if who.has(Role::Editor) => (
                    WorkKind::FinishPage,
                    format!("Finish \u{201c}{}\u{201d}", c.title),
                    match blockers {
                        0 => "A draft with no blockers: submit it for review".to_string(),
                        n => format!("A draft with {}", plural(n, "blocker")),
                    },
                ),
                ComparisonStatus::InReview if blockers > 0 && who.has(Role::Editor) => (
                    WorkKind::FinishPage,
                    format!("Finish \u{201c}{}\u{201d}", c.title),
                    format!("In review with {}", plural(blockers, "blocker")),
                ),
                ComparisonStatus::InReview if blockers == 0 && who.has(Role::Publisher) => (
                    WorkKind::ApprovePage,
                    format!("Approve \u{201c}{}\u{201d}", c.title),
                    "In review, no blockers".to_string(),
                ),
                ComparisonStatus::Approved if who.has(Role::Publisher) => (
                    WorkKind::PublishPage,
                    format!("Publish or schedule \u{201c}{}\u{201d}", c.title),
                    "Approved".to_string(),
                ),
                ComparisonStatus::Published if stale.contains(&c.slug) => (
                    WorkKind::StalePage,
                    format!("Republish \u{201c}{}\u{201d}", c.title),
                    "Changed since a target got it: a target holds an older version".to_string(),
                ),
                _ => continue,
            };
            items.push(WorkItem {
                kind,
                title,
                detail,
                place,
                due: None,
                overdue: false,
                assignee: None,
            });
        }

        if who.has(Role::Publisher) {
            for job in self.store().outbox().jobs()? {
                let page = lib
                    .comparison(&job.slug)
                    .map(|c| format!("\u{201c}{}\u{201d}", c.title))
                    .unwrap_or_else(|| job.slug.clone());
                let (kind, title) = match job.state {
                    JobState::Failed => (
                        WorkKind::FailedJob,
                        format!("Sending {page} to {} failed", job.target),
                    ),
                    JobState::Conflict => (
                        WorkKind::Conflict,
                        format!("{page} was changed on {}", job.target),
                    ),
                    _ => continue,
                };
                items.push(WorkItem {
                    kind,
                    title,
                    detail: match kind {
                        WorkKind::Conflict => {
                            "Review the difference: overwrite or keep theirs".into()
                        }
                        _ => job
                            .last_error
                            .clone()
                            .unwrap_or_else(|| "Retry it from Publishing".into()),
                    },
                    place: WorkPlace::Job { id: job.id },
                    due: None,
                    overdue: false,
                    assignee: None,
                });
            }
        }

        if who.has(Role::Publisher) {
            for missed in self.missed_schedules(chrono::Utc::now())? {
                items.push(WorkItem {
                    kind: WorkKind::MissedSchedule,
                    title: format!("Missed schedule: \u{201c}{}\u{201d}", missed.title),
                    detail: format!("It {}", missed.said),
                    place: WorkPlace::Publishing { slug: missed.slug },
                    due: None,
                    overdue: false,
                    assignee: None,
                });
            }
            self.pages_not_live(&lib, &mut items)?;
        }

        mark_due(&index, today, &mut items);
        // Stable: what is due first, soonest first; the rest by kind, each kind in the
        // order above (page order, oldest verdict first).
        items.sort_by_key(|i| (i.due.is_none(), i.due, i.kind));
        Ok(MyWork {
            profile: who.slug.clone(),
            items,
        })
    }
}

impl Desk {
    /// A publisher's items for the pages targets do not serve as published, by their receipts.
    fn pages_not_live(
        &self,
        lib: &crate::render::Library,
        items: &mut Vec<WorkItem>,
    ) -> Result<(), DeskError> {
        use crate::store::receipts::ReceiptState;
        let store = self.store();
        let receipts: std::collections::HashMap<(String, String), _> = store
            .receipts(None)?
            .into_iter()
            .map(|r| ((r.target.clone(), r.slug.clone()), r))
            .collect();
        for held in store.held_pages(None)? {
            let page = lib
                .comparison(&held.slug)
                .map(|c| format!("\u{201c}{}\u{201d}", c.title))
                .unwrap_or_else(|| held.slug.clone());
            let receipt = receipts
                .get(&(held.target.clone(), held.slug.clone()))
                .filter(|_| held.last_checked.is_some());
            let (title, detail) = match receipt {
                Some(r) if r.state == ReceiptState::Verified => continue,
                Some(r) => {
                    let state = match r.state {
                        ReceiptState::Differs => "differs",
                        ReceiptState::Missing => "is missing",
                        _ => "could not be verified",
                    };
                    let said: Vec<&str> = r.differences.iter().map(|d| d.said.as_str()).collect();
                    (format!("{page} {state} on {}", held.target), said.join("; "))
                }
                None => (
                    format!("{page} is not verified on {}", held.target),
                    "Not read back from the target since it was published: Verify now on Publishing"
                        .to_string(),
                ),
            };
            items.push(WorkItem {
                kind: WorkKind::PageNotLive,
                title,
                detail,
                place: WorkPlace::Publishing {
                    slug: held.slug.clone(),
                },
                due: None,
                overdue: false,
                assignee: None,
            });
        }
        Ok(())
    }
}

/// Sets each item's due date, whether it is overdue, and who holds its page.
fn mark_due(index: &WorkIndex<'_>, today: chrono::NaiveDate, items: &mut [WorkItem]) {
    for item in items.iter_mut() {
        match &item.place {
            WorkPlace::Comparison { slug } => {
                if let Some(c) = index.page(slug) {
                    item.due = c.due;
                    item.assignee = c.assignee.clone();
                }
            }
            WorkPlace::Verdict { reviewer, tool } => {
                item.due = index
                    .needing(reviewer, tool)
                    .iter()
                    .filter_map(|c| c.verdicts_due)
                    .min();
            }
            _ => {}
        }
        item.overdue = item.due.is_some_and(|d| d < today);
    }
}

/// An editor's items for the facts past their window, of every tool a page shows, in the
/// order of the pages and their tools: "Recheck Llama 4 Scout's price: 41 days".
fn recheck_facts(
    lib: &crate::render::Library,
    today: chrono::NaiveDate,
    items: &mut Vec<WorkItem>,
) {
    // Each tool once, in page order (a set: 5,000 tools made a list's lookups quadratic).
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for page in &lib.comparisons {
        for slug in &page.tools {
            let Some(tool) = lib.tools.get(slug) else {
                continue;
            };
            if !seen.insert(slug.as_str()) {
                continue;
            }
            for stale in crate::facts::stale_facts(tool, &lib.site, today) {
                let fact = stale.fact;
                let by = fact
                    .checked_by(tool)
                    .map(|who| format!(" by {who}"))
                    .unwrap_or_default();
                let against = fact
                    .source(tool)
                    .map(|s| format!(" against {s}"))
                    .unwrap_or_default();
                items.push(WorkItem {
                    kind: WorkKind::RecheckFact,
                    title: format!(
                        "Recheck {}'s {}: {} days",
                        tool.name,
                        fact.label(),
                        stale.days
                    ),
                    detail: format!(
                        "Last checked {}{by}{against}; the site rechecks it every {} days",
                        crate::facts::day_words(stale.checked_on),
                        stale.window
                    ),
                    place: WorkPlace::Tool { slug: slug.clone() },
                    due: None,
                    overdue: false,
                    assignee: None,
                });
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
