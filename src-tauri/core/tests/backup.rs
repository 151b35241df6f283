//! Backups: consistent copies in rotation, one before every migration, and a restore that
//! refuses what is not a healthy Verdict Desk database and keeps the current one aside.

use rusqlite::Connection;
use verdict_core::backup::{list_backups, make_backup, restore, BackupError, KEEP};
use verdict_core::store::SaveCtx;
use verdict_core::store::{APPLICATION_ID, DB_FILE, MIGRATIONS};
use verdict_core::{Desk, Store, StoreError};

const HAIKU: &str = "claude-haiku-open-weights";

#[test]
fn backup_then_restore_brings_the_content_back_and_keeps_the_current_database() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let backup = make_backup(&desk.store(), dir.path(), "manual").unwrap();
    let mut tool = desk.store().tool(HAIKU).unwrap().unwrap();
    tool.tagline = "Changed after the backup".into();
    desk.store()
        .save_tool(&SaveCtx::unattributed(), &tool)
        .unwrap();
    drop(desk);

    let kept = restore(dir.path(), &backup)
        .unwrap()
        .expect("current database kept");
    let restored = Store::open_dir(dir.path()).unwrap();
    assert_eq!(
        restored.tool(HAIKU).unwrap().unwrap().tagline,
        "Anthropic's first open-weight model release for research use"
    );
    let aside = Store::open(&kept).unwrap();
    assert_eq!(
        aside.tool(HAIKU).unwrap().unwrap().tagline,
        "Changed after the backup"
    );
}

#[test]
fn restore_refuses_other_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    drop(desk);
    let live = dir.path().join(DB_FILE);
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "hello, not a database, but long enough to look like a file",
    )
    .unwrap();
    let foreign = dir.path().join("other.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    for (file, why) in [
        (text, "not an SQLite database"),
        (foreign, "not written by Verdict Desk"),
        (dir.path().join("missing.db"), "no such file"),
    ] {
        let err = restore(dir.path(), &file).unwrap_err();
        assert!(matches!(err, BackupError::NotRestorable { .. }), "{err}");
        assert!(err.to_string().contains(why), "{err}");
    }
    let store = Store::open(&live).unwrap();
    assert_eq!(store.tools().unwrap().len(), 2);
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(
        !entries.iter().any(|e| e
            .as_ref()
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("before-restore")),
        "a refused restore moved the database"
    );
}

#[test]
fn backups_rotate() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    for i in 0..KEEP + 3 {
        make_backup(&desk.store(), dir.path(), &format!("n{i}")).unwrap();
    }
    let kept = list_backups(dir.path()).unwrap();
    assert_eq!(kept.len(), KEEP);
    // The newest are kept.
    let newest = kept[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(newest.ends_with(&format!("n{}.db", KEEP + 2)), "{newest}");
}

#[test]
fn opening_an_older_database_backs_it_up_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        let (number, sql) = MIGRATIONS[0];
        conn.execute_batch(sql).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA user_version = {number}; PRAGMA application_id = {APPLICATION_ID};"
        ))
        .unwrap();
    }
    // The desk (not the store) keeps the backup when it opens an older database.
    verdict_core::Desk::open(dir.path()).unwrap();
    let backups = list_backups(dir.path()).unwrap();
    assert_eq!(backups.len(), 1);
    let name = backups[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.contains("before-migration-from-v1"), "{name}");
    let version: u32 = Connection::open(&backups[0])
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the backup is the database as it was");
    // A database already at this version is not backed up again on open.
    verdict_core::Desk::open(dir.path()).unwrap();
    assert_eq!(list_backups(dir.path()).unwrap().len(), 1);
}

/// Overwrites a stretch of the database file past its header, as a disk fault would.
fn damage(db: &std::path::Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(db).unwrap().len();
    assert!(
        len > 6 * 4096,
        "the sample database spans several pages ({len} bytes)"
    );
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    for page in [2u64, 3, 4, 5] {
        f.seek(SeekFrom::Start(page * 4096 + 8)).unwrap();
        f.write_all(&[0xA5; 2000]).unwrap();
    }
    f.sync_all().unwrap();
}

#[test]
fn a_damaged_database_is_refused_at_open_and_the_latest_good_backup_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    {
        let desk = verdict_core::Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
        verdict_core::backup::make_backup(&desk.store(), dir.path(), "manual").unwrap();
    }
    // A newer backup that is itself damaged is passed over.
    let older = verdict_core::backup::list_backups(dir.path()).unwrap()[0].clone();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let bad = dir
        .path()
        .join("backups/verdict-29990101T000000.000Z-manual.db");
    std::fs::copy(&older, &bad).unwrap();
    damage(&bad);

    let db = dir.path().join(DB_FILE);
    damage(&db);
    let err = Store::open_dir(dir.path())
        .err()
        .expect("damage is detected");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    let api: verdict_core::ApiError = err.into();
    assert_eq!(api.code, "damaged_database");

    let offered = verdict_core::backup::latest_good_backup(dir.path()).expect("a good backup");
    assert_eq!(offered.path, older.display().to_string());
    let kept = verdict_core::backup::restore(dir.path(), std::path::Path::new(&offered.path))
        .unwrap()
        .expect("the damaged database is kept aside");
    assert!(kept.exists());
    let desk = verdict_core::Desk::open(dir.path()).unwrap();
    assert_eq!(desk.overview().unwrap().comparisons.len(), 1);
}

#[test]
fn scheduled_backups_are_taken_only_when_due() {
    let dir = tempfile::tempdir().unwrap();
    let desk = verdict_core::Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let day = std::time::Duration::from_secs(24 * 3600);
    let first = verdict_core::backup::backup_if_due(&desk.store(), dir.path(), day).unwrap();
    assert!(first.is_some());
    let second = verdict_core::backup::backup_if_due(&desk.store(), dir.path(), day).unwrap();
    assert!(second.is_none(), "a backup younger than a day is enough");
    let third =
        verdict_core::backup::backup_if_due(&desk.store(), dir.path(), std::time::Duration::ZERO)
            .unwrap();
    assert!(third.is_some());
}
