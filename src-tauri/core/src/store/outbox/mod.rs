//! The publishing outbox in SQLite: the targets, the queue of jobs, and what each target
//! acknowledged holding. Every change is one statement or one transaction, so a kill at any
//! moment leaves either the old state or the new one.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{Result, Store};

mod conflicts;
mod queue;
mod types;
mod views;

pub(crate) use types::{conflict_message, Claimed, Outcome};
pub use types::{
    JobState, JobView, Op, PageState, PublishingView, RemoteCopy, RemoteRecord, TargetConfig,
    TargetKind, TargetView,
};

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The outbox's tables, on the store's connection or inside one of its transactions.
pub struct Outbox<'a> {
    conn: &'a Connection,
}

impl Store {
    /// The publishing outbox of this store.
    pub(crate) fn outbox(&self) -> Outbox<'_> {
        Outbox { conn: self.conn() }
    }
}

impl<'a> Outbox<'a> {
    /// The outbox inside a transaction the caller holds.
    pub(crate) fn on(conn: &'a Connection) -> Outbox<'a> {
        Outbox { conn }
    }

    pub(crate) fn add_target(&self, t: &TargetConfig) -> Result<bool> {
        let conn = self.conn;
        let n = conn.execute(
            "INSERT INTO targets (name, kind, url, user, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(name) DO NOTHING",
            params![
                t.name,
                t.kind.as_str(),
                t.url,
                t.user.as_deref().filter(|u| !u.trim().is_empty()),
                ts(Utc::now())
            ],
        )?;
        Ok(n == 1)
    }

    pub(crate) fn remove_target(&self, name: &str) -> Result<bool> {
        let conn = self.conn;
        Ok(conn.execute("DELETE FROM targets WHERE name = ?1", [name])? == 1)
    }

    pub(crate) fn targets(&self) -> Result<Vec<TargetConfig>> {
        let conn = self.conn;
        let mut stmt = conn.prepare("SELECT name, kind, url, user FROM targets ORDER BY name")?;
        let rows = stmt
            .query_map([], target_of)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub(crate) fn target(&self, name: &str) -> Result<Option<TargetConfig>> {
        let conn = self.conn;
        Ok(conn
            .query_row(
                "SELECT name, kind, url, user FROM targets WHERE name = ?1",
                [name],
                target_of,
            )
            .optional()?)
    }
}

fn target_of(r: &Row<'_>) -> rusqlite::Result<TargetConfig> {
    let kind: String = r.get(1)?;
    Ok(TargetConfig {
        name: r.get(0)?,
        kind: TargetKind::parse(&kind).unwrap_or(TargetKind::Http),
        url: r.get(2)?,
        user: r.get(3)?,
    })
}

/// A new idempotency key: random, so keys never collide across desks, copies and restores
/// writing to one server (the key space is shared by every client of a server).
pub(crate) fn new_write_key() -> String {
    uuid::Uuid::new_v4().to_string()
}
