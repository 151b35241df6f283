//! Backups: consistent copies in rotation, one before every migration, and a restore that
//! refuses what is not a healthy Verdict Desk database and keeps the current one aside.

use rusqlite::Connection;
use verdict_core::backup::{list_backups, make_backup, restore, BackupError, KEEP};
use verdict_core::store::{APPLICATION_ID, DB_FILE, MIGRATIONS};
use verdict_core::{Desk, Store};

const HAIKU: &str = "claude-haiku-open-weights";

#[test]
fn backup_then_restore_brings_the_content_back_and_keeps_the_current_database() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let backup = make_backup(&desk.store(), dir.path(), "manual").unwrap();
    let mut tool = desk.store().tool(HAIKU).unwrap().unwrap();
    tool.tagline = "Changed after the backup".into();
    desk.store().save_tool(&tool).unwrap();
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
    Store::open(&path).unwrap();
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
    Store::open(&path).unwrap();
    assert_eq!(list_backups(dir.path()).unwrap().len(), 1);
}
