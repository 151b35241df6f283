//! Online backups of the desk's database (SQLite backup API), kept in rotation, and restore.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, OpenFlags};

use crate::store::{Store, StoreError, APPLICATION_ID, DB_FILE, SCHEMA_VERSION};

/// The folder inside the data folder where backups are kept.
pub const BACKUP_DIR: &str = "backups";
/// How many automatic backups are kept; older ones are deleted.
pub const KEEP: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a Verdict Desk database that this version can restore: {reason}")]
    NotRestorable { path: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("backup failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Copies the live database `from` into a new file at `to`, consistently, while it stays in use.
pub(crate) fn copy_database(from: &Connection, to: &Path) -> Result<(), BackupError> {
    let tmp = to.with_extension("partial");
    let _ = std::fs::remove_file(&tmp);
    {
        let mut dest = Connection::open(&tmp)?;
        let backup = rusqlite::backup::Backup::new(from, &mut dest)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
    }
    std::fs::rename(&tmp, to).map_err(io(to))
}

impl Store {
    /// Writes a consistent copy of the database to `to` while it stays in use, and keeps the
    /// images it lists beside it (`<to>.media/`), so a restore has every image.
    pub fn backup_to(&self, to: &Path) -> Result<(), BackupError> {
        copy_database(self.conn(), to)?;
        if let Some(data_dir) = self.path().and_then(Path::parent) {
            let media = crate::media::MediaDir::of(data_dir);
            crate::media::bundled::backup::keep_with_backup(to, &media).map_err(io(to))?;
        }
        Ok(())
    }
}

/// Keeps the database as it was before a migration rewrites its schema: what the desk runs
/// (through [`Store::open_with`]) when it opens an older database.
pub fn before_migration(store: &Store, version: u32) -> Result<(), StoreError> {
    let Some(dir) = store.path().and_then(Path::parent) else {
        return Ok(());
    };
    match make_backup(store, dir, &format!("before-migration-from-v{version}")) {
        Ok(file) => {
            tracing::info!(backup = %file.display(), "database backed up before migration");
            Ok(())
        }
        Err(e) => Err(StoreError::DataDir {
            path: dir.display().to_string(),
            source: std::io::Error::other(format!(
                "could not back up the database before upgrading it, so it was not upgraded: {e}"
            )),
        }),
    }
}

/// Opens (creating if needed) the database in `data_dir`, backed up first when it is about
/// to be migrated.
pub fn open_dir(data_dir: &Path) -> Result<Store, StoreError> {
    std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    Store::open_with(&data_dir.join(DB_FILE), before_migration)
}

/// Writes a backup named after the time and `reason` into `data_dir/backups`, then deletes all
/// but the newest [`KEEP`] backups. Returns the new file.
pub fn make_backup(store: &Store, data_dir: &Path, reason: &str) -> Result<PathBuf, BackupError> {
    let dir = data_dir.join(BACKUP_DIR);
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let file = dir.join(format!("verdict-{stamp}-{reason}.db"));
    store.backup_to(&file)?;
    rotate(&dir)?;
    Ok(file)
}

/// The backups in `data_dir`, newest first.
pub fn list_backups(data_dir: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let dir = data_dir.join(BACKUP_DIR);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("verdict-") && n.ends_with(".db"))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(io(&dir)(e)),
    };
    // Names start with a sortable UTC time stamp.
    files.sort();
    files.reverse();
    Ok(files)
}

fn rotate(dir: &Path) -> Result<(), BackupError> {
    let data_dir = dir.parent().unwrap_or(dir);
    for old in list_backups(data_dir)?.into_iter().skip(KEEP) {
        std::fs::remove_file(&old).map_err(io(&old))?;
        let images = crate::media::bundled::backup::backup_media_dir(&old);
        if images.is_dir() {
            std::fs::remove_dir_all(&images).map_err(io(&images))?;
        }
    }
    Ok(())
}

/// Checks that `file` is a healthy Verdict Desk database this build can open.
pub fn verify_backup(file: &Path) -> Result<u32, BackupError> {
    let refuse = |reason: String| BackupError::NotRestorable {
        path: file.display().to_string(),
        reason,
    };
    if !file.is_file() {
        return Err(refuse("there is no such file".into()));
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let header = conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0));
    let app_id = match header {
        Ok(id) => id,
        Err(_) => return Err(refuse("it is not an SQLite database".into())),
    };
    if app_id != APPLICATION_ID {
        return Err(refuse("it was not written by Verdict Desk".into()));
    }
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 || version > SCHEMA_VERSION {
        return Err(refuse(format!(
            "its schema version is {version}; this build reads 1 to {SCHEMA_VERSION}"
        )));
    }
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(refuse(format!("it is damaged ({check})")));
    }
    Ok(version)
}

/// Replaces the desk's database in `data_dir` with `file`, after checking it. The current
/// database is kept beside it (returned), never deleted. No desk may be open on `data_dir`.
pub fn restore(data_dir: &Path, file: &Path) -> Result<Option<PathBuf>, BackupError> {
    verify_backup(file)?;
    let live = data_dir.join(DB_FILE);
    let mut kept = None;
    if live.exists() {
        // Fold the write-ahead log into the file so the copy kept aside is complete.
        if let Ok(conn) = Connection::open(&live) {
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let aside = data_dir.join(format!("{DB_FILE}.before-restore-{stamp}"));
        std::fs::rename(&live, &aside).map_err(io(&live))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(data_dir.join(format!("{DB_FILE}{suffix}")));
        }
        kept = Some(aside);
    }
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    copy_database(&source, &live)?;
    // Opening migrates a restored older backup and proves the result is usable.
    Store::open_with(&live, before_migration)?;
    let media = crate::media::MediaDir::of(data_dir);
    let missing = crate::media::bundled::backup::restore_from_backup(&live, file, &media)
        .map_err(io(media.path()))?;
    if !missing.is_empty() {
        // The database is the person's work: restored even so, and the gap is said.
        tracing::warn!(
            ?missing,
            "images the restored database lists are in neither the desk nor the backup"
        );
    }
    Ok(kept)
}

/// A backup as offered to the person whose database cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct BackupInfo {
    pub path: String,
    /// When it was taken (RFC 3339), from the file's modification time.
    pub taken_at: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The newest backup in `data_dir` that passes every check of [`verify_backup`].
pub fn latest_good_backup(data_dir: &Path) -> Option<BackupInfo> {
    list_backups(data_dir)
        .ok()?
        .into_iter()
        .find(|file| verify_backup(file).is_ok())
        .and_then(|file| {
            let meta = std::fs::metadata(&file).ok()?;
            let taken: chrono::DateTime<Utc> = meta.modified().ok()?.into();
            Some(BackupInfo {
                path: file.display().to_string(),
                taken_at: taken.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                bytes: meta.len(),
            })
        })
}

/// Writes a backup when the newest one is older than `every` (or there is none): the
/// automatic backups the app takes while it runs.
pub fn backup_if_due(
    store: &Store,
    data_dir: &Path,
    every: std::time::Duration,
) -> Result<Option<PathBuf>, BackupError> {
    let newest = list_backups(data_dir)?
        .into_iter()
        .filter_map(|f| std::fs::metadata(&f).ok()?.modified().ok())
        .max();
    let due = match newest {
        None => true,
        // A clock set back makes the age unknown: take a backup rather than skip one.
        Some(t) => t.elapsed().map_or(true, |age| age >= every),
    };
    if !due {
        return Ok(None);
    }
    make_backup(store, data_dir, "scheduled").map(Some)
}
