//! Opening a database: checking it is ours and not from the future, and migrating it.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{refused_write, Result, Store, StoreError};

/// Numbered migrations, applied in order; `PRAGMA user_version` records the last one applied.
pub const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (2, include_str!("../../migrations/0002_search_rows.sql")),
    (3, include_str!("../../migrations/0003_profiles.sql")),
    (4, include_str!("../../migrations/0004_published_pages.sql")),
    (5, include_str!("../../migrations/0005_publishing.sql")),
    (6, include_str!("../../migrations/0006_write_keys.sql")),
    (7, include_str!("../../migrations/0007_team.sql")),
    (
        8,
        include_str!("../../migrations/0008_revision_authors.sql"),
    ),
    (9, include_str!("../../migrations/0009_media.sql")),
    (10, include_str!("../../migrations/0010_target_media.sql")),
    (
        11,
        include_str!("../../migrations/0011_target_media_url.sql"),
    ),
    (12, include_str!("../../migrations/0012_team_media.sql")),
    (13, include_str!("../../migrations/0013_ghost_targets.sql")),
    (14, include_str!("../../migrations/0014_receipts.sql")),
    (15, include_str!("../../migrations/0015_link_checks.sql")),
    (16, include_str!("../../migrations/0016_comments.sql")),
    (
        17,
        include_str!("../../migrations/0017_published_there_notices.sql"),
    ),
    (
        18,
        include_str!("../../migrations/0018_comparisons_by_status.sql"),
    ),
    (
        19,
        include_str!("../../migrations/0019_notice_switches.sql"),
    ),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Marks a file as ours (`PRAGMA application_id`), ASCII "VDSK".
pub const APPLICATION_ID: i32 = 0x5644_534B;

/// The database file inside a data folder.
pub const DB_FILE: &str = "verdict.db";

/// Prepared statements kept per connection (rusqlite's default is 16, fewer than one page's
/// save and its revision, search index and change notes use).
const STATEMENT_CACHE: usize = 128;

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
            journal: None,
            feed: None,
            checked: None,
            damage_at_open: damage_met(),
        };
        store
            .prepare(before_migrating)
            .map_err(|e| refused_write(Some(path), e))?;
        store.checked = Opened::now(&store);
        Ok(store)
    }

    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            generation: 0,
            journal: None,
            feed: None,
            checked: None,
            damage_at_open: damage_met(),
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
        // A save's statements are prepared once per connection and reused: a page's save runs
        // some fifteen, and an import or a team join saves tens of thousands of entities
        // (parsing them again each time was a fifth of a 10,000-page join). Room for every
        // statement of a save of each kind at once.
        self.conn
            .set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        if self.path.is_some() {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        // FULL: a commit that returned is on disk, even across a power cut.
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA trusted_schema = OFF;",
        )?;
        // The files as they are now, taken before the check so that a write racing it makes
        // the next open check again rather than trust what this one did not see.
        let state = self.path.as_deref().and_then(file_state);
        let recorded = self.path.as_deref().and_then(checked_state);
        let known_good = state.is_some() && recorded == state;
        if version > 0 && !known_good {
            // A quick structural check (no index cross-checks), so a damaged file is reported
            // before anything reads garbage from it or writes over it. It reads the whole file
            // (and re-tokenises the search index), which grows with the desk, so it is skipped
            // when the files are exactly as they were when it last passed: a command that
            // only reads (`verdict queue`, an idle sync) then opens in milliseconds. After a
            // session in which SQLite found the file damaged, the full check: the damage met
            // may be of the kind the quick one does not see (an index that lost its rows).
            let pragma = if recorded.as_deref() == Some(DAMAGE_MET) {
                "PRAGMA integrity_check(1)"
            } else {
                "PRAGMA quick_check(1)"
            };
            let check: String = self
                .conn
                .query_row(pragma, [], |r| r.get(0))
                .unwrap_or_else(|e| e.to_string());
            if check != "ok" {
                return Err(StoreError::Damaged {
                    path: shown_path,
                    detail: check,
                });
            }
            if let (Some(path), Some(state)) = (self.path.as_deref(), &state) {
                record_checked(path, state);
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

    /// Closes the connection and, when the open had checked the file and this was its last
    /// connection (the log is folded back into the file and removed), records the files as
    /// known good: they hold what the check passed plus this desk's own committed writes.
    /// A crash or a kill skips this, so the next open checks again.
    fn close_checked(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        // SQLite said a file was damaged during this session: this close vouches for
        // nothing, and it takes back what the open recorded, so the next open runs the full
        // check.
        if damage_met() != self.damage_at_open {
            // Only for a file this store opened (`checked` is set once the open finished):
            // a file refused at open (not ours, not a database) gets nothing written beside it.
            if self.checked.take().is_some() {
                record_checked(&path, DAMAGE_MET);
            }
            return;
        }
        let Some(opened) = self.checked.take() else {
            return;
        };
        // Another connection (another process, a copy restored through SQLite) committed
        // since the open: what it wrote was never checked here.
        if data_version(&self.conn) != Some(opened.data_version) {
            return;
        }
        let Ok(spare) = Connection::open_in_memory() else {
            return;
        };
        if std::mem::replace(&mut self.conn, spare).close().is_err() {
            return;
        }
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        // Another connection still open (the app's, a worker's) keeps writing to the log:
        // its writes were not seen here, so nothing is recorded.
        if Path::new(&wal).exists() {
            return;
        }
        // The file at the path is no longer the one opened (replaced by a copy, a restore,
        // a sync tool): nobody checked it.
        if file_identity(&path) != Some(opened.file) {
            return;
        }
        if let Some(state) = file_state(&path) {
            if checked_state(&path).as_deref() != Some(state.as_str()) {
                record_checked(&path, &state);
            }
        }
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
}

impl Drop for Store {
    fn drop(&mut self) {
        self.close_checked();
    }
}

/// What a store's open checked: the file (device and inode) and where other connections'
/// commits stood (`PRAGMA data_version`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Opened {
    file: (u64, u64),
    data_version: i64,
}

impl Opened {
    fn now(store: &Store) -> Option<Opened> {
        Some(Opened {
            file: file_identity(store.path.as_deref()?)?,
            data_version: data_version(&store.conn)?,
        })
    }
}

fn data_version(conn: &Connection) -> Option<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0)).ok()
}

/// The database file's device and inode; none where that is not known (then nothing is
/// recorded at close, and every open checks).
fn file_identity(db: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(db).ok()?;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = db;
        None
    }
}

/// The file beside the database recording the state its last passed check saw.
fn checked_file(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-checked");
    std::path::PathBuf::from(name)
}

/// What identifies the database and its write-ahead log as they are on disk: device, inode,
/// size, modification and change times of each. Any write through SQLite or anything else
/// (a copy, a restore, a disk tool) moves one of them; `ctime` cannot be set back by hand.
fn file_state(db: &Path) -> Option<String> {
    fn one(path: &Path) -> Option<String> {
        let m = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some("-".into()),
            Err(_) => return None,
        };
        let modified = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(format!(
                "{}:{}:{}:{modified}:{}.{}",
                m.dev(),
                m.ino(),
                m.len(),
                m.ctime(),
                m.ctime_nsec()
            ))
        }
        #[cfg(not(unix))]
        Some(format!("{}:{modified}", m.len()))
    }
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let wal = Path::new(&wal);
    // An empty log holds nothing (SQLite creates one at every open): the same as none.
    let wal_state = match std::fs::metadata(wal) {
        Ok(m) if m.len() == 0 => "-".to_string(),
        _ => one(wal)?,
    };
    Some(format!("{} {wal_state}", one(db)?))
}

/// What the record beside the database says after a session that met damage: it matches
/// no files' state, and it asks the next open for the full check.
const DAMAGE_MET: &str = "damage met";

/// How often SQLite has said, to this process, that a database file is damaged
/// (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) through an error that reached [`StoreError`]. Counted
/// for the process: an error does not say which connection it came from, and a desk's
/// process opens one data folder, so in practice it is that file (and a count too many only
/// costs a check at the next open).
static DAMAGE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn damage_met() -> u64 {
    DAMAGE.load(std::sync::atomic::Ordering::SeqCst)
}

/// Counts `e` when it says a database file is damaged.
pub(super) fn note_damage(e: &rusqlite::Error) {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(failure, _) = e {
        if matches!(failure.code, C::DatabaseCorrupt | C::NotADatabase) {
            DAMAGE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

fn checked_state(db: &Path) -> Option<String> {
    std::fs::read_to_string(checked_file(db)).ok()
}

/// Best effort: a desk on a read-only disk simply checks at every open.
fn record_checked(db: &Path, state: &str) {
    let _ = crate::util::replace_file(&checked_file(db), state.as_bytes(), false);
}
