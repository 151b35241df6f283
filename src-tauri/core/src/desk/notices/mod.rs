//! Desktop notices: what the open app tells the member through a notification of the system.
//! For a publisher: a missed schedule, a publishing job that failed after its last retry. On
//! a team desk, what other members did that is the member's to know (`team`): a verdict
//! submitted (editors), one returned (its reviewer), a page assigned to them, a mention, a
//! reply in a thread they wrote in, a page approved (publishers). Each kind can be switched
//! off (`switches`). The core decides what to raise, and remembers what it raised so that a
//! restart does not raise it again; the app only shows them (and asks only while its window
//! is not focused), and a click on one opens its place ([`Notice::place`]).

mod kind;
mod switches;
mod team;

pub use kind::{NoticeKind, NoticeSwitch};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Desk, DeskError, WorkPlace};
use crate::workflow::Role;

/// Something worth a desktop notification; each says its own heading, text and place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A scheduled page whose time passed without it going out (or being verified since).
    MissedSchedule {
        slug: String,
        title: String,
        /// When it was due (RFC 3339).
        due_at: String,
        /// What happened: "was due 6 Dec 2026 09:00 UTC and is not published: 42 min late".
        said: String,
    },
    /// A publishing job that failed for good (after its last retry, or refused outright).
    PublishingFailed {
        #[ts(type = "number")]
        job: i64,
        target: String,
        slug: String,
        title: String,
        error: String,
    },
    /// To an editor: a reviewer's verdict was submitted by another member.
    VerdictSubmitted {
        reviewer: String,
        reviewer_name: String,
        tool: String,
        tool_name: String,
        /// The member who submitted it.
        by: String,
    },
    /// To the verdict's reviewer: an editor returned it.
    VerdictReturned {
        reviewer: String,
        tool: String,
        tool_name: String,
        /// The editor's reason, when they gave one.
        comment: Option<String>,
        by: String,
    },
    /// A page was assigned to the member by another.
    Assigned {
        slug: String,
        title: String,
        by: String,
    },
    /// To a publisher: a page was approved by another member.
    PageApproved {
        slug: String,
        title: String,
        by: String,
    },
    /// A comment that mentions the member.
    Mentioned {
        comment: String,
        by: String,
        /// What it is on: "“Best open-weight models”", "the verdict on Mistral Small 4".
        on: String,
        excerpt: String,
        place: Option<WorkPlace>,
    },
    /// A reply in a thread the member wrote in before it.
    Replied {
        comment: String,
        by: String,
        on: String,
        excerpt: String,
        place: Option<WorkPlace>,
    },
}

impl Notice {
    /// Its kind, as the switches name it.
    pub fn kind(&self) -> NoticeKind {
        match self {
            Notice::MissedSchedule { .. } => NoticeKind::MissedSchedule,
            Notice::PublishingFailed { .. } => NoticeKind::PublishingFailed,
            Notice::VerdictSubmitted { .. } => NoticeKind::VerdictSubmitted,
            Notice::VerdictReturned { .. } => NoticeKind::VerdictReturned,
            Notice::Assigned { .. } => NoticeKind::Assigned,
            Notice::PageApproved { .. } => NoticeKind::PageApproved,
            Notice::Mentioned { .. } => NoticeKind::Mentioned,
            Notice::Replied { .. } => NoticeKind::Replied,
        }
    }

    /// Where a click on it leads (as My work's items do); `None` for a comment on something
    /// with no screen of its own (a reviewer's bio).
    pub fn place(&self) -> Option<WorkPlace> {
        match self {
            Notice::MissedSchedule { slug, .. } | Notice::PageApproved { slug, .. } => {
                Some(WorkPlace::Publishing { slug: slug.clone() })
            }
            Notice::PublishingFailed { job, .. } => Some(WorkPlace::Job { id: *job }),
            Notice::VerdictSubmitted { reviewer, tool, .. }
            | Notice::VerdictReturned { reviewer, tool, .. } => Some(WorkPlace::Verdict {
                reviewer: reviewer.clone(),
                tool: tool.clone(),
            }),
            Notice::Assigned { slug, .. } => Some(WorkPlace::Comparison { slug: slug.clone() }),
            Notice::Mentioned { place, .. } | Notice::Replied { place, .. } => place.clone(),
        }
    }

    /// What identifies a missed schedule or a failure among those raised: the same missed
    /// schedule, or the same failure of the same job, is raised once. (The team's notices
    /// come with their own keys, from `team`.)
    fn key(&self, failed_at: &str) -> String {
        match self {
            Notice::MissedSchedule { slug, due_at, .. } => format!("missed:{slug}:{due_at}"),
            Notice::PublishingFailed { job, .. } => format!("failed:{job}:{failed_at}"),
            other => format!("{}:{failed_at}", other.kind().as_str()),
        }
    }

    /// The notification's heading.
    pub fn heading(&self) -> String {
        match self {
            Notice::MissedSchedule { title, .. } => format!("Missed schedule: “{title}”"),
            Notice::PublishingFailed { title, target, .. } => {
                format!("Publishing “{title}” to {target} failed")
            }
            Notice::VerdictSubmitted {
                reviewer_name,
                tool_name,
                ..
            } => format!("Verdict submitted: {reviewer_name} on {tool_name}"),
            Notice::VerdictReturned { tool_name, .. } => {
                format!("Your verdict on {tool_name} was returned")
            }
            Notice::Assigned { title, .. } => format!("Assigned to you: “{title}”"),
            Notice::PageApproved { title, .. } => format!("Approved: “{title}”"),
            Notice::Mentioned { by, on, .. } => format!("{by} mentioned you on {on}"),
            Notice::Replied { by, on, .. } => format!("{by} replied on {on}"),
        }
    }

    /// The notification's text.
    pub fn body(&self) -> String {
        match self {
            Notice::MissedSchedule { said, .. } => {
                format!("It {said}. Open Publishing in Verdict Desk.")
            }
            Notice::PublishingFailed { error, .. } => {
                format!("{error}. Retry it from Publishing in Verdict Desk.")
            }
            Notice::VerdictSubmitted { by, .. } => {
                format!("Submitted by {by}: accept it or return it in Verdict Desk.")
            }
            Notice::VerdictReturned { by, comment, .. } => match comment {
                Some(c) => format!("{by} says: {c}"),
                None => format!("Returned by {by}: fix it in Verdict Desk."),
            },
            Notice::Assigned { by, .. } => format!("{by} gave you this page."),
            Notice::PageApproved { by, .. } => {
                format!("Approved by {by}: publish or schedule it in Verdict Desk.")
            }
            Notice::Mentioned { excerpt, .. } | Notice::Replied { excerpt, .. } => excerpt.clone(),
        }
    }
}

/// How long a raised notice is remembered (a missed schedule is shown for a day; a failed
/// job still failed after this is raised again).
const REMEMBERED_DAYS: i64 = 90;

impl Desk {
    /// The notices to raise now, each once: for a publisher, missed schedules and publishing
    /// jobs that failed for good; on a team desk, the member's news from the other members
    /// (`team`). Those returned are recorded as raised, so a second call (or the app after a
    /// restart) does not raise them again. Missed schedules and failures only for a
    /// publisher: on a team desk whose member signed in here is not one, none (and none is
    /// recorded); on a desk alone, its user. Kinds switched off are recorded, not returned.
    pub fn take_notices(&self, now: DateTime<Utc>) -> Result<Vec<Notice>, DeskError> {
        let link = crate::team::local::link(self.store().conn())?;
        let mut found: Vec<(Notice, String)> = Vec::new();
        if self.member_publishes()? {
            for m in self.missed_schedules(now)? {
                let notice = Notice::MissedSchedule {
                    slug: m.slug,
                    title: m.title,
                    due_at: m.due_at,
                    said: m.said,
                };
                let key = notice.key("");
                found.push((notice, key));
            }
            let failed = self.store().failed_jobs()?;
            for job in failed {
                let title = self
                    .store()
                    .comparison(&job.slug)?
                    .map_or_else(|| job.slug.clone(), |c| c.title);
                let notice = Notice::PublishingFailed {
                    job: job.id,
                    target: job.target,
                    slug: job.slug,
                    title,
                    error: job.error,
                };
                let key = notice.key(&job.failed_at);
                found.push((notice, key));
            }
        }
        if let Some(link) = &link {
            found.extend(self.team_notices(link, now)?);
        }
        let keys: Vec<String> = found.iter().map(|(_, key)| key.clone()).collect();
        let fresh = self.store().raise_notices(
            &keys,
            now,
            now - chrono::Duration::days(REMEMBERED_DAYS),
        )?;
        // A kind switched off is spent all the same: switching it on later raises only what
        // happens from then on.
        let off = self.notices_off()?;
        Ok(found
            .into_iter()
            .zip(fresh)
            .filter_map(|((notice, _), fresh)| fresh.then_some(notice))
            .filter(|notice| !off.contains(&notice.kind()))
            .collect())
    }

    /// Whoever uses this desk publishes: a desk alone is its user's, who does everything; on
    /// a team desk, the member signed in here must have the publisher role.
    fn member_publishes(&self) -> Result<bool, DeskError> {
        let store = self.store();
        let Some(link) = crate::team::local::link(store.conn())? else {
            return Ok(true);
        };
        let publisher = Role::Publisher.to_string();
        Ok(link.roles.contains(&publisher))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::local::{save_link, TeamLink};

    /// A desk with a schedule missed an hour ago.
    fn desk_with_a_missed_schedule() -> (tempfile::TempDir, Desk, DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
        let now = Utc::now();
        let slug = desk.store().comparisons().unwrap()[0].slug.clone();
        let mut page = desk.comparison(&slug).unwrap();
        page.status = crate::model::ComparisonStatus::Scheduled;
        page.published_at = None;
        page.scheduled_for = Some(now - chrono::Duration::hours(1));
        desk.store()
            .save_comparison(&crate::store::SaveCtx::unattributed(), &page)
            .unwrap();
        (dir, desk, now)
    }

    fn join_as(desk: &Desk, roles: &[&str]) {
        let link = TeamLink {
            url: "https://team.example".into(),
            user: "sam".into(),
            desk_id: "desk-1".into(),
            cursor: 0,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            reviewer: None,
            display_name: "Sam".into(),
            joined_at: "2026-12-06T09:00:00Z".into(),
            synced_at: None,
        };
        save_link(desk.store().conn(), &link).unwrap();
    }

    #[test]
    fn on_a_team_desk_only_a_publisher_is_notified_and_nothing_is_spent_on_others() {
        let (_dir, desk, now) = desk_with_a_missed_schedule();
        join_as(&desk, &["editor", "reviewer"]);
        assert_eq!(desk.take_notices(now).unwrap(), vec![]);
        // The same member made a publisher: the notice was kept for them.
        join_as(&desk, &["editor", "publisher"]);
        let notices = desk.take_notices(now).unwrap();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(matches!(notices[0], Notice::MissedSchedule { .. }));
        assert!(desk.take_notices(now).unwrap().is_empty(), "raised once");
    }

    #[test]
    fn a_desk_alone_is_notified_with_words_a_publisher_reads() {
        let (_dir, desk, now) = desk_with_a_missed_schedule();
        let notices = desk.take_notices(now).unwrap();
        assert_eq!(notices.len(), 1, "{notices:?}");
        let heading = notices[0].heading();
        assert!(heading.starts_with("Missed schedule: “"), "{heading}");
        let body = notices[0].body();
        assert!(body.contains("is not published: 1 h late"), "{body}");
    }
}
