//! Receipts: what each target was last found to serve for each page it holds (table
//! `receipts`, one row per target and page), and which held pages are due a check.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{now_text, Result, Store};

/// What reading a page back from a target found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptState {
    /// The target stores and serves the page the desk published.
    Verified,
    /// The target has the page, but not as the desk published it.
    Differs,
    /// The target no longer has the page (or its public address answers 404).
    Missing,
    /// The target did not answer, or answered with something that is not a page.
    Unreachable,
}

impl ReceiptState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptState::Verified => "verified",
            ReceiptState::Differs => "differs",
            ReceiptState::Missing => "missing",
            ReceiptState::Unreachable => "unreachable",
        }
    }

    fn parse(s: &str) -> ReceiptState {
        match s {
            "verified" => ReceiptState::Verified,
            "differs" => ReceiptState::Differs,
            "missing" => ReceiptState::Missing,
            _ => ReceiptState::Unreachable,
        }
    }
}

/// Where a difference was found: the copy the target's API stores, or the page a reader
/// opens at its public address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Stored,
    Public,
}

/// One thing that is not as the desk published it, said for a publisher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Difference {
    pub place: Place,
    /// What differs, as a short key: `title`, `structured_data`, `figures`, `text`, …
    pub what: String,
    /// The sentence a publisher reads ("WordPress removed the page's structured data").
    pub said: String,
}

/// The last check of one page on one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Receipt {
    pub target: String,
    pub slug: String,
    pub state: ReceiptState,
    /// When it was checked (RFC 3339).
    pub checked_at: String,
    /// The content hash of the desk's page it was compared with.
    pub content_hash: String,
    pub differences: Vec<Difference>,
    /// The address a reader opens, when the target has one.
    pub public_url: Option<String>,
    /// When the target published the page itself at its scheduled time (Ghost's scheduled
    /// post), as read back; `None` for a page the desk's own write made public.
    pub published_there: Option<PublishedThere>,
}

/// A scheduled page the target published on its own (Ghost publishes a scheduled post at
/// its time, with every desk closed): when it did, against the time it was due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PublishedThere {
    /// The target as a publisher names it: "Ghost".
    pub by: String,
    /// When the target published it, by its own record (RFC 3339).
    pub at: String,
    /// When the desk had it scheduled (RFC 3339).
    pub due_at: String,
    /// How late it went out (negative: early; within the grace of a schedule: on time).
    #[ts(type = "number")]
    pub minutes_late: i64,
    /// For a publisher: "Published by Ghost at 6 Dec 2026 09:00 UTC, on time".
    pub said: String,
}

/// How late a scheduled page may go out (the app looks every half minute) before it counts
/// as a missed schedule.
pub const SCHEDULE_GRACE_MINUTES: i64 = 2;

/// "42 min", "3 h 5 min", "2 days 1 h".
pub fn lateness(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => match m % 60 {
            0 => format!("{} h", m / 60),
            r => format!("{} h {r} min", m / 60),
        },
        m => format!("{} days {} h", m / (24 * 60), (m / 60) % 24),
    }
}

impl PublishedThere {
    /// `by` published the page at `at`; it was due at `due`. Within
    /// [`SCHEDULE_GRACE_MINUTES`] either way is on time (Ghost's scheduler
    /// pings a little early).
    pub fn new(by: &str, at: DateTime<Utc>, due: DateTime<Utc>) -> PublishedThere {
        let grace = SCHEDULE_GRACE_MINUTES;
        let seconds = (at - due).num_seconds();
        let minutes_late = seconds.div_euclid(60);
        let timing = if seconds > grace * 60 {
            format!("{} late", lateness(minutes_late))
        } else if seconds < -grace * 60 {
            format!("{} early", lateness((due - at).num_seconds() / 60))
        } else {
            "on time".into()
        };
        PublishedThere {
            by: by.to_string(),
            at: now_text(at),
            due_at: now_text(due),
            minutes_late,
            said: format!(
                "Published by {by} at {}, {timing}",
                at.format("%-d %b %Y %H:%M UTC")
            ),
        }
    }
}

/// A page a target holds, as the check needs it: the record of the last write, and when
/// it was last checked (`None`: never, or not since it was last published).
#[derive(Debug, Clone)]
pub struct HeldPage {
    pub target: String,
    pub slug: String,
    pub record: super::outbox::RemoteRecord,
    pub published_at: String,
    pub last_checked: Option<DateTime<Utc>>,
}

impl Store {
    /// Records receipts, replacing each page's previous one, in one transaction.
    pub fn record_receipts(&mut self, receipts: &[Receipt]) -> Result<()> {
        self.in_tx(|conn, _| {
            let mut stmt = conn.prepare(
                "INSERT INTO receipts (target, slug, state, checked_at, content_hash, differences, public_url,
                                       published_there)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM targets WHERE name = ?1)
                 ON CONFLICT (target, slug) DO UPDATE SET state = excluded.state,
                   checked_at = excluded.checked_at, content_hash = excluded.content_hash,
                   differences = excluded.differences, public_url = excluded.public_url,
                   published_there = excluded.published_there",
            )?;
            for r in receipts {
                stmt.execute(params![
                    r.target,
                    r.slug,
                    r.state.as_str(),
                    r.checked_at,
                    r.content_hash,
                    serde_json::to_string(&r.differences).expect("differences serialise"),
                    r.public_url,
                    r.published_there
                        .as_ref()
                        .map(|p| serde_json::to_string(p).expect("a publishing time serialises")),
                ])?;
            }
            Ok(())
        })
    }

    /// Every receipt of a page the targets still hold, by target then slug; `target`
    /// narrows it to one target.
    pub fn receipts(&self, target: Option<&str>) -> Result<Vec<Receipt>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.target, r.slug, r.state, r.checked_at, r.content_hash, r.differences, r.public_url,
                    r.published_there
               FROM receipts r JOIN remote_pages p ON p.target = r.target AND p.slug = r.slug
              WHERE ?1 IS NULL OR r.target = ?1
              ORDER BY r.target, r.slug",
        )?;
        let rows = stmt.query_map(params![target], |row| {
            let differences: String = row.get(5)?;
            Ok(Receipt {
                target: row.get(0)?,
                slug: row.get(1)?,
                state: ReceiptState::parse(&row.get::<_, String>(2)?),
                checked_at: row.get(3)?,
                content_hash: row.get(4)?,
                // A row this build cannot read says nothing rather than failing the list.
                differences: serde_json::from_str(&differences).unwrap_or_default(),
                public_url: row.get(6)?,
                published_there: row
                    .get::<_, Option<String>>(7)?
                    .and_then(|p| serde_json::from_str(&p).ok()),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pages targets hold as the desk's own (not a copy a publisher chose to keep),
    /// each with when it was last checked since it was last published.
    pub fn held_pages(&self, target: Option<&str>) -> Result<Vec<HeldPage>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.target, p.slug, p.remote_id, p.remote_url, p.content_hash, p.version,
                    p.published_at, CASE WHEN r.checked_at >= p.published_at THEN r.checked_at END
               FROM remote_pages p LEFT JOIN receipts r ON r.target = p.target AND r.slug = p.slug
              WHERE p.kept_remote = 0 AND p.version <> '' AND (?1 IS NULL OR p.target = ?1)
              ORDER BY p.target, p.slug",
        )?;
        let rows = stmt.query_map(params![target], |row| {
            let checked: Option<String> = row.get(7)?;
            Ok(HeldPage {
                target: row.get(0)?,
                slug: row.get(1)?,
                record: super::outbox::RemoteRecord {
                    remote_id: row.get(2)?,
                    url: row.get(3)?,
                    content_hash: row.get(4)?,
                    version: row.get(5)?,
                },
                published_at: row.get(6)?,
                last_checked: checked
                    .and_then(|c| DateTime::parse_from_rfc3339(&c).ok())
                    .map(|c| c.with_timezone(&Utc)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The time as receipts record it.
pub fn receipt_time(now: DateTime<Utc>) -> String {
    now_text(now)
}

/// A scheduled page as it went out: when it was due, when the desk published it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRun {
    pub slug: String,
    pub due_at: DateTime<Utc>,
    pub published_at: DateTime<Utc>,
}

impl Store {
    /// Records that a scheduled page went out (replacing an earlier run of the same page).
    pub fn record_schedule_run(&mut self, run: &ScheduleRun) -> Result<()> {
        self.in_tx(|conn, _| {
            conn.execute(
                "INSERT INTO schedule_runs (slug, due_at, published_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (slug) DO UPDATE SET due_at = excluded.due_at,
                   published_at = excluded.published_at",
                params![run.slug, now_text(run.due_at), now_text(run.published_at)],
            )?;
            Ok(())
        })
    }

    /// The scheduled pages that went out since `since`.
    pub fn schedule_runs(&self, since: DateTime<Utc>) -> Result<Vec<ScheduleRun>> {
        let mut stmt = self.conn.prepare(
            "SELECT slug, due_at, published_at FROM schedule_runs WHERE published_at >= ?1
              ORDER BY due_at, slug",
        )?;
        let time = |s: String| {
            DateTime::parse_from_rfc3339(&s)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        let rows = stmt.query_map(params![now_text(since)], |row| {
            Ok(ScheduleRun {
                slug: row.get(0)?,
                due_at: time(row.get(1)?),
                published_at: time(row.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A publishing job that failed for good, as desktop notices need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedJob {
    pub id: i64,
    pub target: String,
    pub slug: String,
    pub error: String,
    /// When it failed (RFC 3339): a job retried and failed again fails anew.
    pub failed_at: String,
}

impl Store {
    /// The publishing jobs that failed for good, oldest first.
    pub fn failed_jobs(&self) -> Result<Vec<FailedJob>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, target, slug, COALESCE(last_error, ''), updated_at FROM outbox
              WHERE state = 'failed' ORDER BY updated_at, id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(FailedJob {
                id: row.get(0)?,
                target: row.get(1)?,
                slug: row.get(2)?,
                error: row.get(3)?,
                failed_at: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records the notices `keys` as raised at `now`, forgetting those raised before
    /// `forget_before`; says of each key whether it is new (not raised before), in order.
    pub fn raise_notices(
        &mut self,
        keys: &[String],
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<Vec<bool>> {
        self.in_tx(|conn, _| {
            conn.execute(
                "DELETE FROM notices_raised WHERE raised_at < ?1",
                params![now_text(forget_before)],
            )?;
            let mut stmt = conn.prepare(
                "INSERT INTO notices_raised (key, raised_at) VALUES (?1, ?2)
                 ON CONFLICT (key) DO NOTHING",
            )?;
            let now = now_text(now);
            let mut fresh = Vec::with_capacity(keys.len());
            for key in keys {
                fresh.push(stmt.execute(params![key, now])? == 1);
            }
            Ok(fresh)
        })
    }
}

impl Store {
    /// The last receipt of one page on one target, if the target still holds it.
    pub fn receipt(&self, target: &str, slug: &str) -> Result<Option<Receipt>> {
        Ok(self
            .receipts(Some(target))?
            .into_iter()
            .find(|r| r.slug == slug))
    }

    /// Forgets that `target` holds `slug` (its record and receipt): the page is gone there.
    /// Says whether there was a record to forget.
    pub fn forget_remote_page(&mut self, target: &str, slug: &str) -> Result<bool> {
        self.in_tx(|conn, _| {
            conn.execute(
                "DELETE FROM receipts WHERE target = ?1 AND slug = ?2",
                params![target, slug],
            )?;
            Ok(conn.execute(
                "DELETE FROM remote_pages WHERE target = ?1 AND slug = ?2",
                params![target, slug],
            )? > 0)
        })
    }
}
