//! The SQLite store: migrations, saves with revisions, reads, full-text search, bundle import/export.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use crate::model::{
    verdict_key, CommunityVotes, Comparison, EntityKind, Reviewer, Revision, SiteSettings, Tool,
    Verdict,
};
use crate::validate::{FieldError, Validate};

/// Hears of every content save that kept a revision: the kind and key, the document kept
/// before (if any) and the new one. The team records them as changes to send; the store
/// does not know the team, so the desk hands the store the team's journal when it opens.
pub type SaveJournal =
    fn(&Connection, EntityKind, &str, Option<&str>, &str) -> std::result::Result<(), StoreError>;

static SAVE_JOURNAL: std::sync::OnceLock<SaveJournal> = std::sync::OnceLock::new();

/// Sets the journal every save in this process reports to (the first one set stays).
pub(crate) fn set_save_journal(journal: SaveJournal) {
    let _ = SAVE_JOURNAL.set(journal);
}

/// Numbered migrations, applied in order; `PRAGMA user_version` records the last one applied.
pub const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_search_rows.sql")),
    (3, include_str!("../migrations/0003_profiles.sql")),
    (4, include_str!("../migrations/0004_published_pages.sql")),
    (5, include_str!("../migrations/0005_publishing.sql")),
    (6, include_str!("../migrations/0006_write_keys.sql")),
    (7, include_str!("../migrations/0007_team.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Marks a file as ours (`PRAGMA application_id`), ASCII "VDSK".
pub const APPLICATION_ID: i32 = 0x5644_534B;

/// The database file inside a data folder.
pub const DB_FILE: &str = "verdict.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", join_problems(.0))]
    Invalid(Vec<FieldError>),
    #[error("no {kind} \"{key}\"")]
    NotFound { kind: &'static str, key: String },
    #[error(
        "this database was written by a newer Verdict Desk (schema version {found}; this build \
         knows up to {supported}). It was left untouched: update Verdict Desk to open it"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("{path} is not a Verdict Desk database ({reason})")]
    NotOurs { path: String, reason: String },
    /// A write the disk or the file system refused: full, over a size limit, read-only.
    #[error("cannot write the database {path}: {reason}; nothing was changed")]
    CannotWrite { path: String, reason: &'static str },
    /// The file is ours but SQLite found it damaged (a disk fault, a bad copy).
    #[error("the database {path} is damaged ({detail}); it was left as it is")]
    Damaged { path: String, detail: String },
    #[error("cannot use data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("stored {kind} \"{key}\" cannot be read: {source}")]
    Corrupt {
        kind: &'static str,
        key: String,
        source: serde_json::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Names the file (and says what to do) when SQLite reports a write the system refused;
/// every other error is returned as it is.
fn refused_write(path: Option<&Path>, e: StoreError) -> StoreError {
    use rusqlite::ErrorCode as C;
    let StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) = &e else {
        return e;
    };
    let reason = match failure.code {
        C::DiskFull => "the disk is full; free some space and try again",
        C::SystemIoFailure => {
            "the disk refused the write (full, over a file size limit, or failing); free some space and try again"
        }
        C::ReadOnly => "the data folder or the database file is read-only",
        C::CannotOpen | C::PermissionDenied => {
            "the data folder cannot be written (check its permissions)"
        }
        _ => return e,
    };
    StoreError::CannotWrite {
        path: path.map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
        reason,
    }
}

fn join_problems(problems: &[FieldError]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl StoreError {
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid(vec![FieldError::new(field, message)])
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// First save of this entity; revision 1.
    Created,
    /// Content changed; a new revision with this number was kept.
    Updated(u32),
    /// Identical to what was stored; nothing written.
    Unchanged,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SearchHit {
    pub entity: EntityKind,
    pub key: String,
    pub title: String,
    /// Plain text around the match; never HTML.
    pub snippet: String,
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Counts this connection's committed transactions; with `PRAGMA data_version` (which
    /// moves when another connection commits) it tells in O(1) whether anything changed.
    generation: u64,
}

fn now_text(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn to_doc<T: Serialize>(value: &T) -> String {
    // Serialising our own plain structs cannot fail.
    serde_json::to_string(value).expect("model types serialise")
}

fn from_doc<T: DeserializeOwned>(kind: &'static str, key: &str, doc: &str) -> Result<T> {
    serde_json::from_str(doc).map_err(|source| StoreError::Corrupt {
        kind,
        key: key.to_string(),
        source,
    })
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, migrating it to this build's schema.
    pub fn open_dir(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        Store::open(&data_dir.join(DB_FILE))
    }

    /// Opens (creating if needed) the database file at `path`, migrating it to this build's
    /// schema. Keeps no backup: the desk opens through [`Store::open_with`] to keep one.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, |_, _| Ok(()))
    }

    /// Opens like [`Store::open`], first calling `before_migrating` with the file's schema
    /// version when an older database is about to be migrated (the desk keeps a backup then).
    pub fn open_with(
        path: &Path,
        before_migrating: impl FnOnce(&Store, u32) -> Result<()>,
    ) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| refused_write(Some(path), e.into()))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            generation: 0,
        };
        store
            .prepare(before_migrating)
            .map_err(|e| refused_write(Some(path), e))?;
        Ok(store)
    }

    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            generation: 0,
        };
        store.prepare(|_, _| Ok(()))?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Checks the file is ours and not from the future before writing anything to it.
    fn prepare(&mut self, before_migrating: impl FnOnce(&Store, u32) -> Result<()>) -> Result<()> {
        let shown_path = self
            .path
            .as_ref()
            .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
        let version: u32 = match self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)) {
            Ok(v) => v,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(StoreError::NotOurs {
                    path: shown_path,
                    reason: "the file is not an SQLite database".into(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if version > 0 && app_id != APPLICATION_ID {
            return Err(StoreError::NotOurs {
                path: shown_path,
                reason: "it is an SQLite database of another application".into(),
            });
        }
        if version == 0 && app_id == 0 {
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(StoreError::NotOurs {
                    path: shown_path,
                    reason: "it is an SQLite database of another application".into(),
                });
            }
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if self.path.is_some() {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        // FULL: a commit that returned is on disk, even across a power cut.
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA trusted_schema = OFF;",
        )?;
        if version > 0 {
            // A quick structural check (no index cross-checks): cheap at open, and a damaged
            // file is reported before anything reads garbage from it or writes over it.
            let check: String = self
                .conn
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .unwrap_or_else(|e| e.to_string());
            if check != "ok" {
                return Err(StoreError::Damaged {
                    path: shown_path,
                    detail: check,
                });
            }
        }
        if version > 0 && version < SCHEMA_VERSION {
            before_migrating(self, version)?;
        }
        self.migrate_from(version)
    }

    fn migrate_from(&mut self, current: u32) -> Result<()> {
        for (number, sql) in MIGRATIONS.iter().filter(|(n, _)| *n > current) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!(
                "PRAGMA user_version = {number}; PRAGMA application_id = {APPLICATION_ID};"
            ))?;
            tx.commit()?;
            tracing::info!(migration = number, "database migrated");
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `PRAGMA integrity_check`; `Ok(())` when SQLite reports "ok".
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Changes whenever any content changes: every save keeps a revision, and vote snapshots
    /// (which keep none) are hashed in. Lets derived output skip work when nothing moved.
    pub fn content_fingerprint(&self) -> Result<String> {
        let (count, max): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(max(id), 0) FROM revisions",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stmt = self
            .conn
            .prepare("SELECT doc FROM community_votes ORDER BY comparison_id, tool_id")?;
        let votes = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(format!(
            "{count}:{max}:{}",
            crate::util::hash(&votes.iter().map(|v| v.as_bytes()).collect::<Vec<_>>())
        ))
    }

    /// True when the desk holds no tools, reviewers or comparisons.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM tools) AND NOT EXISTS (SELECT 1 FROM reviewers)
                 AND NOT EXISTS (SELECT 1 FROM comparisons)",
            [],
            |r| r.get(0),
        )?)
    }

    // ----- saves -----

    pub fn save_site(&mut self, site: &SiteSettings) -> Result<SaveOutcome> {
        self.in_tx(|tx, now| save_site_tx(tx, site, now))
    }

    pub fn save_tool(&mut self, tool: &Tool) -> Result<SaveOutcome> {
        self.in_tx(|tx, now| save_tool_tx(tx, tool, now))
    }

    pub fn save_reviewer(&mut self, reviewer: &Reviewer) -> Result<SaveOutcome> {
        self.in_tx(|tx, now| save_reviewer_tx(tx, reviewer, now))
    }

    pub fn save_verdict(&mut self, verdict: &Verdict) -> Result<SaveOutcome> {
        self.in_tx(|tx, now| save_verdict_tx(tx, verdict, now))
    }

    pub fn save_comparison(&mut self, comparison: &Comparison) -> Result<SaveOutcome> {
        self.in_tx(|tx, now| save_comparison_tx(tx, comparison, now))
    }

    pub fn save_votes(&mut self, votes: &CommunityVotes) -> Result<SaveOutcome> {
        self.in_tx(|tx, _| save_votes_tx(tx, votes))
    }

    fn in_tx<T>(&mut self, f: impl FnOnce(&Connection, DateTime<Utc>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let run = || -> Result<T> {
            let tx = self.conn.transaction()?;
            let out = f(&tx, Utc::now())?;
            tx.commit()?;
            Ok(out)
        };
        let out = run().map_err(|e| refused_write(path.as_deref(), e))?;
        self.generation += 1;
        Ok(out)
    }

    /// Changes whenever a transaction commits, here or on another connection (the CLI
    /// writing while the app runs). Cheap enough to ask on every keystroke; unlike
    /// [`Store::content_fingerprint`] it means nothing across processes.
    pub fn change_token(&self) -> Result<(i64, u64)> {
        let data_version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((data_version, self.generation))
    }

    /// Runs `f` inside one transaction: all of its writes land, or none do.
    pub(crate) fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Connection, DateTime<Utc>) -> Result<T>,
    ) -> Result<T> {
        self.in_tx(f)
    }

    /// The connection, for the publishing outbox's own tables (not content: no revisions).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Saves a local user profile (not content: no revision, never exported).
    pub fn save_profile(&mut self, profile: &crate::workflow::Profile) -> Result<()> {
        check(profile)?;
        if let Some(r) = &profile.reviewer {
            if id_of(&self.conn, "reviewers", r)?.is_none() {
                return Err(StoreError::invalid(
                    "reviewer",
                    format!("no reviewer \"{r}\""),
                ));
            }
        }
        self.conn.execute(
            "INSERT INTO profiles (slug, doc, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(slug) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
            params![profile.slug, to_doc(profile), now_text(Utc::now())],
        )?;
        Ok(())
    }

    pub fn profiles(&self) -> Result<Vec<crate::workflow::Profile>> {
        self.docs(
            "profile",
            "SELECT slug, doc FROM profiles ORDER BY slug",
            [],
        )
    }

    pub fn profile(&self, slug: &str) -> Result<Option<crate::workflow::Profile>> {
        Ok(self
            .docs(
                "profile",
                "SELECT slug, doc FROM profiles WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }

    /// Remembers the hash of the page as it was published, for stale tracking.
    pub fn record_published(&mut self, slug: &str, page_hash: &str) -> Result<()> {
        let id = id_of(&self.conn, "comparisons", slug)?.ok_or_else(|| StoreError::NotFound {
            kind: "comparison",
            key: slug.to_string(),
        })?;
        self.conn.execute(
            "INSERT INTO published_pages (comparison_id, page_hash, published_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(comparison_id) DO UPDATE
               SET page_hash = excluded.page_hash, published_at = excluded.published_at",
            params![id, page_hash, now_text(Utc::now())],
        )?;
        Ok(())
    }

    /// Forgets the published hash (the page was unpublished).
    pub fn forget_published(&mut self, slug: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM published_pages
             WHERE comparison_id = (SELECT id FROM comparisons WHERE slug = ?1)",
            [slug],
        )?;
        Ok(())
    }

    /// Comparison slug → the hash of its page when it was last published.
    pub fn published_hashes(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.slug, p.page_hash FROM published_pages p
               JOIN comparisons c ON c.id = p.comparison_id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    // ----- reads -----

    pub fn site(&self) -> Result<SiteSettings> {
        let doc: Option<String> = self
            .conn
            .query_row("SELECT doc FROM site_settings WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        match doc {
            Some(d) => from_doc("site settings", "site", &d),
            None => Ok(SiteSettings::default()),
        }
    }

    pub fn tools(&self) -> Result<Vec<Tool>> {
        self.docs("tool", "SELECT slug, doc FROM tools ORDER BY slug", [])
    }

    pub fn tool(&self, slug: &str) -> Result<Option<Tool>> {
        Ok(self
            .docs(
                "tool",
                "SELECT slug, doc FROM tools WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }

    pub fn reviewers(&self) -> Result<Vec<Reviewer>> {
        self.docs(
            "reviewer",
            "SELECT slug, doc FROM reviewers ORDER BY slug",
            [],
        )
    }

    pub fn reviewer(&self, slug: &str) -> Result<Option<Reviewer>> {
        Ok(self
            .docs(
                "reviewer",
                "SELECT slug, doc FROM reviewers WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }

    /// All verdicts, ordered by tool slug then reviewer slug.
    pub fn verdicts(&self) -> Result<Vec<Verdict>> {
        self.docs(
            "verdict",
            "SELECT t.slug || '/' || r.slug, v.doc FROM verdicts v
               JOIN tools t ON t.id = v.tool_id JOIN reviewers r ON r.id = v.reviewer_id
             ORDER BY t.slug, r.slug",
            [],
        )
    }

    /// The verdicts on one tool, ordered by reviewer slug.
    pub fn verdicts_for_tool(&self, tool: &str) -> Result<Vec<Verdict>> {
        self.docs(
            "verdict",
            "SELECT t.slug || '/' || r.slug, v.doc FROM verdicts v
               JOIN tools t ON t.id = v.tool_id JOIN reviewers r ON r.id = v.reviewer_id
             WHERE t.slug = ?1 ORDER BY r.slug",
            [tool],
        )
    }

    pub fn comparisons(&self) -> Result<Vec<Comparison>> {
        self.docs(
            "comparison",
            "SELECT slug, doc FROM comparisons ORDER BY slug",
            [],
        )
    }

    pub fn comparison(&self, slug: &str) -> Result<Option<Comparison>> {
        Ok(self
            .docs(
                "comparison",
                "SELECT slug, doc FROM comparisons WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }

    /// Updated-at stamp of a comparison row (when it was last saved with a change).
    pub fn comparison_updated_at(&self, slug: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT updated_at FROM comparisons WHERE slug = ?1",
                [slug],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// When each comparison row was last saved with a change: the pages' `modified_time`.
    pub fn comparison_update_times(&self) -> Result<Vec<(String, DateTime<Utc>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT slug, updated_at FROM comparisons ORDER BY slug")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A stamp that does not parse (written by hand) is left out rather than refused.
        Ok(rows
            .into_iter()
            .filter_map(|(slug, at)| {
                DateTime::parse_from_rfc3339(&at)
                    .ok()
                    .map(|at| (slug, at.with_timezone(&Utc)))
            })
            .collect())
    }

    /// All vote snapshots, ordered by comparison slug then tool slug.
    pub fn votes(&self) -> Result<Vec<CommunityVotes>> {
        self.docs(
            "votes",
            "SELECT c.slug || '/' || t.slug, v.doc FROM community_votes v
               JOIN comparisons c ON c.id = v.comparison_id JOIN tools t ON t.id = v.tool_id
             ORDER BY c.slug, t.slug",
            [],
        )
    }

    /// Every kept revision of one entity, oldest first.
    pub fn revisions(&self, entity: EntityKind, key: &str) -> Result<Vec<Revision>> {
        let mut stmt = self.conn.prepare(
            "SELECT number, snapshot, saved_at FROM revisions
             WHERE entity = ?1 AND entity_key = ?2 ORDER BY number",
        )?;
        let rows = stmt
            .query_map(params![entity.as_str(), key], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(number, snapshot, saved_at)| {
                Ok(Revision {
                    entity,
                    key: key.to_string(),
                    number,
                    snapshot: from_doc("revision", key, &snapshot)?,
                    saved_at: DateTime::parse_from_rfc3339(&saved_at)
                        .map(|d| d.with_timezone(&Utc))
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Full-text search over tools, reviewers, quotes and comparisons; best matches first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(
            "SELECT entity, entity_key, title,
                    snippet(search_index, -1, '', '', '…', 16)
             FROM search_index WHERE search_index MATCH ?1
             ORDER BY bm25(search_index, 0.0, 0.0, 5.0, 1.0) LIMIT ?2",
        )?;
        let hits = stmt
            .query_map(params![fts, limit as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(hits
            .into_iter()
            .filter_map(|(entity, key, title, snippet)| {
                Some(SearchHit {
                    entity: EntityKind::parse(&entity)?,
                    key,
                    title,
                    snippet,
                })
            })
            .collect())
    }

    fn docs<T: DeserializeOwned, P: rusqlite::Params>(
        &self,
        kind: &'static str,
        sql: &str,
        params: P,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt
            .query_map(params, |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter()
            .map(|(key, doc)| from_doc(kind, key, doc))
            .collect()
    }
}

/// Turns what a person typed into a safe FTS5 query: every word must match, as a prefix.
fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(16)
        .map(|t| format!("\"{t}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Keeps a revision when `doc` differs from the last one kept for this entity.
fn record_revision(
    conn: &Connection,
    entity: EntityKind,
    key: &str,
    doc: &str,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let last: Option<(u32, String)> = conn
        .query_row(
            "SELECT number, snapshot FROM revisions WHERE entity = ?1 AND entity_key = ?2
             ORDER BY number DESC LIMIT 1",
            params![entity.as_str(), key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let number = match &last {
        Some((_, snapshot)) if snapshot == doc => return Ok(SaveOutcome::Unchanged),
        Some((n, _)) => n + 1,
        None => 1,
    };
    conn.execute(
        "INSERT INTO revisions (entity, entity_key, number, snapshot, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![entity.as_str(), key, number, doc, now_text(now)],
    )?;
    if let Some(journal) = SAVE_JOURNAL.get() {
        journal(
            conn,
            entity,
            key,
            last.as_ref().map(|(_, s)| s.as_str()),
            doc,
        )?;
    }
    Ok(if number == 1 {
        SaveOutcome::Created
    } else {
        SaveOutcome::Updated(number)
    })
}

fn reindex(
    conn: &Connection,
    entity: EntityKind,
    key: &str,
    title: &str,
    body: &str,
) -> Result<()> {
    // Full-text rows are found through search_rows: FTS5 cannot index its UNINDEXED columns,
    // and a scan per save made bulk imports quadratic.
    let old: Option<i64> = conn
        .query_row(
            "SELECT fts_rowid FROM search_rows WHERE entity = ?1 AND entity_key = ?2",
            params![entity.as_str(), key],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(rowid) = old {
        conn.execute("DELETE FROM search_index WHERE rowid = ?1", [rowid])?;
    }
    conn.execute(
        "INSERT INTO search_index (entity, entity_key, title, body) VALUES (?1, ?2, ?3, ?4)",
        params![entity.as_str(), key, title, body],
    )?;
    conn.execute(
        "INSERT INTO search_rows (entity, entity_key, fts_rowid) VALUES (?1, ?2, ?3)
         ON CONFLICT (entity, entity_key) DO UPDATE SET fts_rowid = excluded.fts_rowid",
        params![entity.as_str(), key, conn.last_insert_rowid()],
    )?;
    Ok(())
}

fn check<T: Validate>(value: &T) -> Result<()> {
    let problems = value.validate();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems))
    }
}

fn id_of(conn: &Connection, table: &str, slug: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            &format!("SELECT id FROM {table} WHERE slug = ?1"),
            [slug],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn save_site_tx(
    conn: &Connection,
    site: &SiteSettings,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(site)?;
    let doc = to_doc(site);
    let outcome = record_revision(conn, EntityKind::Site, "site", &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.execute(
            "INSERT INTO site_settings (id, doc, updated_at) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
            params![doc, now_text(now)],
        )?;
    }
    Ok(outcome)
}

pub(crate) fn save_tool_tx(
    conn: &Connection,
    tool: &Tool,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(tool)?;
    let doc = to_doc(tool);
    let outcome = record_revision(conn, EntityKind::Tool, &tool.slug, &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.execute(
            "INSERT INTO tools (slug, name, category, doc, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(slug) DO UPDATE SET name = excluded.name, category = excluded.category,
                 doc = excluded.doc, updated_at = excluded.updated_at",
            params![tool.slug, tool.name, tool.category, doc, now_text(now)],
        )?;
        let body = [
            tool.vendor.as_str(),
            &tool.category,
            &tool.tagline,
            &tool.description,
            &tool.license,
        ]
        .join("\n");
        reindex(conn, EntityKind::Tool, &tool.slug, &tool.name, &body)?;
    }
    Ok(outcome)
}

pub(crate) fn save_reviewer_tx(
    conn: &Connection,
    reviewer: &Reviewer,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(reviewer)?;
    let doc = to_doc(reviewer);
    let outcome = record_revision(conn, EntityKind::Reviewer, &reviewer.slug, &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.execute(
            "INSERT INTO reviewers (slug, name, persona, doc, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(slug) DO UPDATE SET name = excluded.name, persona = excluded.persona,
                 doc = excluded.doc, updated_at = excluded.updated_at",
            params![reviewer.slug, reviewer.name, reviewer.persona, doc, now_text(now)],
        )?;
        let body = format!(
            "{}\n{}\n{}",
            reviewer.persona,
            reviewer.bio,
            reviewer.rubric.join("\n")
        );
        reindex(
            conn,
            EntityKind::Reviewer,
            &reviewer.slug,
            &reviewer.name,
            &body,
        )?;
    }
    Ok(outcome)
}

pub(crate) fn save_verdict_tx(
    conn: &Connection,
    verdict: &Verdict,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(verdict)?;
    let mut problems = Vec::new();
    let reviewer_id = id_of(conn, "reviewers", &verdict.reviewer)?;
    if reviewer_id.is_none() {
        problems.push(FieldError::new(
            "reviewer",
            format!("no reviewer \"{}\"", verdict.reviewer),
        ));
    }
    let tool_id = id_of(conn, "tools", &verdict.tool)?;
    if tool_id.is_none() {
        problems.push(FieldError::new(
            "tool",
            format!("no tool \"{}\"", verdict.tool),
        ));
    }
    let (Some(reviewer_id), Some(tool_id)) = (reviewer_id, tool_id) else {
        return Err(StoreError::Invalid(problems));
    };
    let key = verdict_key(&verdict.reviewer, &verdict.tool);
    let doc = to_doc(verdict);
    let outcome = record_revision(conn, EntityKind::Verdict, &key, &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.execute(
            "INSERT INTO verdicts (reviewer_id, tool_id, call, status, doc, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(reviewer_id, tool_id) DO UPDATE SET call = excluded.call,
                 status = excluded.status, doc = excluded.doc, updated_at = excluded.updated_at",
            params![
                reviewer_id,
                tool_id,
                verdict.call.as_str(),
                verdict.status.as_str(),
                doc,
                now_text(now)
            ],
        )?;
        let (reviewer_name, tool_name): (String, String) = conn.query_row(
            "SELECT r.name, t.name FROM reviewers r, tools t WHERE r.id = ?1 AND t.id = ?2",
            params![reviewer_id, tool_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let title = format!("{reviewer_name} on {tool_name}");
        reindex(conn, EntityKind::Verdict, &key, &title, &verdict.quote)?;
    }
    Ok(outcome)
}

pub(crate) fn save_comparison_tx(
    conn: &Connection,
    comparison: &Comparison,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(comparison)?;
    let mut problems = Vec::new();
    let mut tool_ids = Vec::new();
    for (i, slug) in comparison.tools.iter().enumerate() {
        match id_of(conn, "tools", slug)? {
            Some(id) => tool_ids.push(id),
            None => problems.push(FieldError::new(
                format!("tools[{i}]"),
                format!("no tool \"{slug}\""),
            )),
        }
    }
    let mut reviewer_ids = Vec::new();
    for (i, slug) in comparison.panel.iter().enumerate() {
        match id_of(conn, "reviewers", slug)? {
            Some(id) => reviewer_ids.push(id),
            None => problems.push(FieldError::new(
                format!("panel[{i}]"),
                format!("no reviewer \"{slug}\""),
            )),
        }
    }
    let pair_key = comparison.pair_key();
    let same_pair: Option<String> = conn
        .query_row(
            "SELECT slug FROM comparisons WHERE pair_key = ?1 AND slug <> ?2",
            params![pair_key, comparison.slug],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = same_pair {
        problems.push(FieldError::new(
            "tools",
            format!("these tools already have a comparison page: \"{other}\""),
        ));
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let doc = to_doc(comparison);
    let outcome = record_revision(conn, EntityKind::Comparison, &comparison.slug, &doc, now)?;
    if outcome == SaveOutcome::Unchanged {
        return Ok(outcome);
    }
    conn.execute(
        "INSERT INTO comparisons (slug, pair_key, title, status, doc, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(slug) DO UPDATE SET pair_key = excluded.pair_key, title = excluded.title,
             status = excluded.status, doc = excluded.doc, updated_at = excluded.updated_at",
        params![
            comparison.slug,
            pair_key,
            comparison.title,
            comparison.status.as_str(),
            doc,
            now_text(now)
        ],
    )?;
    let id: i64 = id_of(conn, "comparisons", &comparison.slug)?
        .ok_or_else(|| StoreError::invalid("slug", "comparison vanished while saving"))?;
    conn.execute(
        "DELETE FROM comparison_tools WHERE comparison_id = ?1",
        [id],
    )?;
    conn.execute(
        "DELETE FROM comparison_panel WHERE comparison_id = ?1",
        [id],
    )?;
    for (position, tool_id) in tool_ids.iter().enumerate() {
        conn.execute(
            "INSERT INTO comparison_tools (comparison_id, position, tool_id) VALUES (?1, ?2, ?3)",
            params![id, position as i64, tool_id],
        )?;
    }
    for (position, reviewer_id) in reviewer_ids.iter().enumerate() {
        conn.execute(
            "INSERT INTO comparison_panel (comparison_id, position, reviewer_id) VALUES (?1, ?2, ?3)",
            params![id, position as i64, reviewer_id],
        )?;
    }
    let body = format!("{}\n{}", comparison.dek, comparison.intro);
    reindex(
        conn,
        EntityKind::Comparison,
        &comparison.slug,
        &comparison.title,
        &body,
    )?;
    Ok(outcome)
}

/// Saves an entity given as its JSON document (what the team sends), through the typed save
/// of its kind, so it is validated, revised and indexed like any other save.
pub(crate) fn save_doc_tx(
    conn: &Connection,
    kind: EntityKind,
    key: &str,
    doc: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    fn typed<T: DeserializeOwned>(
        kind: &'static str,
        key: &str,
        doc: serde_json::Value,
    ) -> Result<T> {
        serde_json::from_value(doc).map_err(|source| StoreError::Corrupt {
            kind,
            key: key.to_string(),
            source,
        })
    }
    match kind {
        EntityKind::Site => save_site_tx(conn, &typed("site settings", key, doc)?, now),
        EntityKind::Tool => save_tool_tx(conn, &typed("tool", key, doc)?, now),
        EntityKind::Reviewer => save_reviewer_tx(conn, &typed("reviewer", key, doc)?, now),
        EntityKind::Verdict => save_verdict_tx(conn, &typed("verdict", key, doc)?, now),
        EntityKind::Comparison => save_comparison_tx(conn, &typed("comparison", key, doc)?, now),
    }
}

/// Removes all content and its revisions (not profiles or targets), for a desk that takes
/// its content from a team instead (after a backup).
pub(crate) fn clear_content_tx(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM community_votes; DELETE FROM published_pages; DELETE FROM comparison_tools;
         DELETE FROM comparison_panel; DELETE FROM comparisons; DELETE FROM verdicts;
         DELETE FROM tools; DELETE FROM reviewers; DELETE FROM site_settings; DELETE FROM search_rows;
         DELETE FROM search_index; DELETE FROM revisions;",
    )?;
    Ok(())
}

/// Removes a comparison (its revisions stay, so its text can be brought back): a page the
/// team refused to create, because another desk made the page for the same tools first.
pub(crate) fn remove_comparison_tx(conn: &Connection, slug: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM search_index WHERE rowid IN
           (SELECT fts_rowid FROM search_rows WHERE entity = 'comparison' AND entity_key = ?1)",
        [slug],
    )?;
    conn.execute(
        "DELETE FROM search_rows WHERE entity = 'comparison' AND entity_key = ?1",
        [slug],
    )?;
    conn.execute("DELETE FROM comparisons WHERE slug = ?1", [slug])?;
    Ok(())
}

/// Removes verdicts by key (`reviewer/tool`) with their search rows; for a desk that seeded a
/// team and must not keep other reviewers' drafts, which the team keeps private to them.
pub(crate) fn remove_verdicts_tx(conn: &Connection, keys: &[String]) -> Result<()> {
    for key in keys {
        let Some((reviewer, tool)) = key.split_once('/') else {
            continue;
        };
        conn.execute(
            "DELETE FROM verdicts WHERE reviewer_id = (SELECT id FROM reviewers WHERE slug = ?1)
               AND tool_id = (SELECT id FROM tools WHERE slug = ?2)",
            [reviewer, tool],
        )?;
        conn.execute(
            "DELETE FROM search_index WHERE rowid IN
               (SELECT fts_rowid FROM search_rows WHERE entity = 'verdict' AND entity_key = ?1)",
            [key],
        )?;
        conn.execute(
            "DELETE FROM search_rows WHERE entity = 'verdict' AND entity_key = ?1",
            [key],
        )?;
    }
    Ok(())
}

pub(crate) fn save_votes_tx(conn: &Connection, votes: &CommunityVotes) -> Result<SaveOutcome> {
    let mut problems = Vec::new();
    if votes.source.trim().is_empty() {
        problems.push(FieldError::new("source", "must not be empty"));
    }
    let comparison_id = id_of(conn, "comparisons", &votes.comparison)?;
    if comparison_id.is_none() {
        problems.push(FieldError::new(
            "comparison",
            format!("no comparison \"{}\"", votes.comparison),
        ));
    }
    let tool_id = id_of(conn, "tools", &votes.tool)?;
    if tool_id.is_none() {
        problems.push(FieldError::new(
            "tool",
            format!("no tool \"{}\"", votes.tool),
        ));
    }
    let (Some(comparison_id), Some(tool_id), true) = (comparison_id, tool_id, problems.is_empty())
    else {
        return Err(StoreError::Invalid(problems));
    };
    let doc = to_doc(votes);
    let existing: Option<String> = conn
        .query_row(
            "SELECT doc FROM community_votes WHERE comparison_id = ?1 AND tool_id = ?2",
            params![comparison_id, tool_id],
            |r| r.get(0),
        )
        .optional()?;
    if existing.as_deref() == Some(doc.as_str()) {
        return Ok(SaveOutcome::Unchanged);
    }
    conn.execute(
        "INSERT INTO community_votes (comparison_id, tool_id, votes, doc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(comparison_id, tool_id) DO UPDATE SET votes = excluded.votes, doc = excluded.doc",
        params![comparison_id, tool_id, votes.votes as i64, doc],
    )?;
    Ok(if existing.is_some() {
        SaveOutcome::Updated(0)
    } else {
        SaveOutcome::Created
    })
}
