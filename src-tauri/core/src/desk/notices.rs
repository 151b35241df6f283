//! Desktop notices: what the open app tells the member through a notification of the system
//! (a missed schedule, a publishing job that failed after its last retry). The core decides
//! what to raise, and remembers what it raised so that a restart does not raise it again; the
//! app only shows them (and asks only while its window is not focused).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Desk, DeskError};
use crate::workflow::Role;

/// Something worth a desktop notification. New kinds are added as variants (comments and
/// mentions on a team desk, say); each says its own heading and text.
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
}

impl Notice {
    /// What identifies it among those raised: the same missed schedule, or the same failure
    /// of the same job, is raised once.
    fn key(&self, failed_at: &str) -> String {
        match self {
            Notice::MissedSchedule { slug, due_at, .. } => format!("missed:{slug}:{due_at}"),
            Notice::PublishingFailed { job, .. } => format!("failed:{job}:{failed_at}"),
        }
    }

    /// The notification's heading.
    pub fn heading(&self) -> String {
        match self {
            Notice::MissedSchedule { title, .. } => format!("Missed schedule: “{title}”"),
            Notice::PublishingFailed { title, target, .. } => {
                format!("Publishing “{title}” to {target} failed")
            }
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
        }
    }
}

/// How long a raised notice is remembered (a missed schedule is shown for a day; a failed
/// job still failed after this is raised again).
const REMEMBERED_DAYS: i64 = 90;

impl Desk {
    /// The notices to raise now, each once: missed schedules and publishing jobs that failed
    /// for good, not raised before. Those returned are recorded as raised, so a second call
    /// (or the app after a restart) does not raise them again. Only for a publisher: on a
    /// team desk whose member signed in here is not one, nothing (and nothing is recorded);
    /// on a desk alone, its user.
    pub fn take_notices(&self, now: DateTime<Utc>) -> Result<Vec<Notice>, DeskError> {
        if !self.member_publishes()? {
            return Ok(Vec::new());
        }
        let mut found: Vec<(Notice, String)> = self
            .missed_schedules(now)?
            .into_iter()
            .map(|m| {
                let notice = Notice::MissedSchedule {
                    slug: m.slug,
                    title: m.title,
                    due_at: m.due_at,
                    said: m.said,
                };
                (notice, String::new())
            })
            .collect();
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
            found.push((notice, job.failed_at));
        }
        let keys: Vec<String> = found.iter().map(|(n, at)| n.key(at)).collect();
        let fresh = self.store().raise_notices(
            &keys,
            now,
            now - chrono::Duration::days(REMEMBERED_DAYS),
        )?;
        Ok(found
            .into_iter()
            .zip(fresh)
            .filter_map(|((notice, _), fresh)| fresh.then_some(notice))
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
