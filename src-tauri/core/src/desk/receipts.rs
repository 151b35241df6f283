//! Receipts on the desk: reading published pages back from their targets (after a run, in
//! the background, on demand) and the receipts the Publishing screen and My work show.

use std::sync::Arc;
use std::time::Duration;

use super::{Desk, DeskError};
use crate::publish::verify::{verify_on, Due, VerifyError, VerifyOptions, VerifyReport};
use crate::secrets::SecretStore;
use crate::store::receipts::Receipt;
pub use crate::store::receipts::{lateness, SCHEDULE_GRACE_MINUTES};
use crate::workflow::Role;

/// How often the open app checks each published page again (spread per page between ¾ and
/// 1¼ of it, so that checks do not fall due together).
pub const REVERIFY_EVERY: Duration = Duration::from_secs(4 * 60 * 60);

impl From<VerifyError> for DeskError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Store(e) => DeskError::Store(e),
            VerifyError::Render(e) => DeskError::Render(e),
            VerifyError::Client(e) => DeskError::Io {
                path: "verifying published pages".into(),
                source: std::io::Error::other(e),
            },
        }
    }
}

impl Desk {
    /// Reads the pages the targets hold back and records a receipt for each (read-only:
    /// nothing is written to a target).
    pub async fn verify_published(
        &self,
        secrets: Arc<dyn SecretStore>,
        options: VerifyOptions,
    ) -> Result<VerifyReport, DeskError> {
        Ok(verify_on(
            Arc::clone(&self.store),
            Arc::clone(&self.pages),
            secrets,
            options,
        )
        .await?)
    }

    /// What the background check does: pages written since their last check, and pages not
    /// checked for about [`REVERIFY_EVERY`].
    pub async fn verify_due(
        &self,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<VerifyReport, DeskError> {
        let options = VerifyOptions {
            due: Due::Older(REVERIFY_EVERY),
            concurrency: 4,
            ..VerifyOptions::default()
        };
        self.verify_published(secrets, options).await
    }

    /// The last receipt of every page the targets hold (`target`: one target's).
    pub fn receipts(&self, target: Option<&str>) -> Result<Vec<Receipt>, DeskError> {
        Ok(self.store().receipts(target)?)
    }
}

/// How long a scheduled page that went out late is still shown as missed.
const MISSED_SHOWN_HOURS: i64 = 24;

/// A scheduled page that did not go out (or was not verified) on time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct MissedSchedule {
    pub slug: String,
    pub title: String,
    /// When it was due (RFC 3339).
    pub due_at: String,
    /// How late it went out, or is by now when it has not (minutes).
    #[ts(type = "number")]
    pub minutes_late: i64,
    /// What happened, for a publisher: "went out 42 min late".
    pub said: String,
}

impl Desk {
    /// Scheduled pages whose time passed without a verified receipt: still not published,
    /// published late (shown for a day), or not verified on a target since they went out.
    pub fn missed_schedules(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<MissedSchedule>, DeskError> {
        use crate::model::ComparisonStatus;
        use crate::store::receipts::ReceiptState;
        let grace = chrono::Duration::minutes(SCHEDULE_GRACE_MINUTES);
        // From the store's rows, not the rendered library: a desk of 10,000 pages reads its
        // few scheduled ones.
        let store = self.store();
        let mut missed = Vec::new();
        let time = |t: chrono::DateTime<chrono::Utc>| t.format("%-d %b %Y %H:%M UTC").to_string();
        for c in &store.comparisons_with_status(ComparisonStatus::Scheduled)? {
            let Some(due) = c.scheduled_for else {
                continue;
            };
            if now - due > grace {
                let late = (now - due).num_minutes();
                missed.push(MissedSchedule {
                    slug: c.slug.clone(),
                    title: c.title.clone(),
                    due_at: crate::store::receipts::receipt_time(due),
                    minutes_late: late,
                    said: format!(
                        "was due {} and is not published: {} late",
                        time(due),
                        lateness(late)
                    ),
                });
            }
        }
        let runs = store.schedule_runs(now - chrono::Duration::hours(MISSED_SHOWN_HOURS))?;
        // The targets and receipts are read only when a page went out by schedule lately.
        let (targets, receipts) = if runs.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let targets: Vec<String> = store
                .outbox()
                .targets()?
                .into_iter()
                .map(|t| t.name)
                .collect();
            (targets, store.receipts(None)?)
        };
        // Each page's receipts by its slug: hundreds of pages out at once stay linear.
        let mut receipts_of: std::collections::HashMap<&str, Vec<&Receipt>> = Default::default();
        for r in &receipts {
            receipts_of.entry(r.slug.as_str()).or_default().push(r);
        }
        for run in runs {
            let receipts = receipts_of.remove(run.slug.as_str()).unwrap_or_default();
            let Some(title) = store.comparison_title(&run.slug)? else {
                continue;
            };
            // A target that published the page itself (Ghost's scheduled post) says by its
            // own record when it really did: its scheduler may have missed the time.
            let due_text = crate::store::receipts::receipt_time(run.due_at);
            let late_there = receipts
                .iter()
                .filter_map(|r| r.published_there.as_ref())
                .filter(|p| p.due_at == due_text)
                .map(|p| p.minutes_late)
                .max();
            let late = (run.published_at - run.due_at)
                .num_minutes()
                .max(late_there.unwrap_or(i64::MIN));
            // Targets with no verified receipt since the page went out.
            let unverified: Vec<&str> = targets
                .iter()
                .filter(|t| {
                    !receipts.iter().any(|r| {
                        &r.target == *t
                            && r.state == ReceiptState::Verified
                            && chrono::DateTime::parse_from_rfc3339(&r.checked_at)
                                .is_ok_and(|at| at >= run.published_at)
                    })
                })
                .map(String::as_str)
                .collect();
            let waiting = now - run.due_at > grace && !unverified.is_empty();
            if late <= SCHEDULE_GRACE_MINUTES && !waiting {
                continue;
            }
            let mut said = if late > SCHEDULE_GRACE_MINUTES {
                format!(
                    "was due {} and went out {} late",
                    time(run.due_at),
                    lateness(late)
                )
            } else {
                format!("was due {}", time(run.due_at))
            };
            if waiting {
                said.push_str(&format!("; not verified on {} yet", unverified.join(", ")));
            }
            missed.push(MissedSchedule {
                slug: run.slug.clone(),
                title,
                due_at: crate::store::receipts::receipt_time(run.due_at),
                minutes_late: if waiting {
                    (now - run.due_at).num_minutes()
                } else {
                    late
                },
                said,
            });
        }
        Ok(missed)
    }

    /// The pages among `published` (just published by the schedule) that went out late, as
    /// [`Desk::missed_schedules`] says it; nothing is read when none was published.
    pub fn published_late(
        &self,
        published: &[String],
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<MissedSchedule>, DeskError> {
        if published.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .missed_schedules(now)?
            .into_iter()
            .filter(|m| published.contains(&m.slug) && m.said.contains("went out"))
            .collect())
    }
}

/// What "Mark unpublished" did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct MarkedUnpublished {
    /// No target holds the page any more, so it went back to Approved at the desk.
    pub back_to_approved: bool,
}

impl Desk {
    /// The receipt of a page missing on `target`, or a clear refusal naming the page.
    fn missing_on(&self, target: &str, slug: &str) -> Result<(), DeskError> {
        use crate::store::receipts::ReceiptState;
        let receipt = self.store().receipt(target, slug)?;
        match receipt.map(|r| r.state) {
            Some(ReceiptState::Missing) => Ok(()),
            state => Err(
                crate::store::StoreError::Invalid(vec![crate::FieldError::new(
                    "slug",
                    match state {
                        None => format!("“{slug}” is not on {target} as far as the desk knows"),
                        Some(s) => format!(
                            "“{slug}” is not missing on {target}: its last receipt says {}",
                            s.as_str()
                        ),
                    },
                )])
                .into(),
            ),
        }
    }

    /// A page whose receipt says it is missing on `target` (deleted there): publishes it
    /// there again, as `profile` (a publisher). The target's old record is forgotten, so the
    /// page is created anew rather than sent as an update to what is no longer there.
    pub fn republish_missing(
        &self,
        profile: &str,
        target: &str,
        slug: &str,
    ) -> Result<super::PublishPlan, DeskError> {
        let config = self.target(target)?;
        super::require(&self.store(), profile, Role::Publisher, "publish pages")?;
        self.missing_on(target, slug)?;
        self.store().forget_remote_page(target, slug)?;
        let mut plan = super::PublishPlan::default();
        self.queue_puts(&[config], &[slug.to_string()], true, &mut plan)?;
        self.tell_published(slug);
        Ok(plan)
    }

    /// A page whose receipt says it is missing on `target`: the desk takes note that it is
    /// no longer published there (its record and receipt are forgotten; nothing is written
    /// to any target). When no other target holds it, the page goes back to Approved.
    pub fn mark_unpublished(
        &self,
        profile: &str,
        target: &str,
        slug: &str,
    ) -> Result<MarkedUnpublished, DeskError> {
        self.target(target)?;
        let actor = super::require(&self.store(), profile, Role::Publisher, "unpublish pages")?;
        self.missing_on(target, slug)?;
        let held_elsewhere = self
            .store()
            .outbox()
            .pages()?
            .iter()
            .any(|p| p.slug == slug && p.target != target);
        let published = self.comparison(slug)?.status == crate::model::ComparisonStatus::Published;
        let back_to_approved = published && !held_elsewhere;
        // The page's step first: when it is refused, the record and receipt stay, and the
        // publisher can try again.
        if back_to_approved {
            self.transition(&actor.slug, slug, crate::workflow::PageAction::Unpublish)?;
        }
        self.store().forget_remote_page(target, slug)?;
        self.tell_published(slug);
        Ok(MarkedUnpublished { back_to_approved })
    }

    /// The lists re-read the page's row: where it is live changed.
    fn tell_published(&self, slug: &str) {
        use crate::store::{Change, ChangeKind, ChangeOrigin, ChangeWhat};
        self.store().tell(
            ChangeOrigin::Local,
            vec![Change::new(
                ChangeKind::Comparison,
                slug,
                ChangeWhat::Published,
            )],
        );
    }
}
