//! The open's integrity check (store/open.rs) runs only when the files changed since they were
//! last known good: a clean close records this desk's own writes as good, so the next command
//! opens without reading the whole file; a crash or a kill leaves that record behind, so the
//! next open checks again.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use verdict_core::store::{SaveCtx, Store};

fn checked(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-checked");
    PathBuf::from(name)
}

/// When the open last recorded the files as checked (none: never).
fn recorded(db: &Path) -> Option<SystemTime> {
    std::fs::metadata(checked(db)).ok()?.modified().ok()
}

fn write(store: &mut Store) {
    let mut site = store.site().unwrap();
    site.site_name.push('!');
    store.save_site(&SaveCtx::unattributed(), &site).unwrap();
}

#[test]
fn a_clean_close_records_the_desks_own_writes_and_a_crash_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("verdict.db");
    drop(Store::open(&db).unwrap());
    // Opened once more: the files are as recorded, nothing is checked or recorded again.
    let first = recorded(&db).expect("a clean close records the files");
    std::thread::sleep(Duration::from_millis(20));
    let mut store = Store::open(&db).unwrap();
    assert_eq!(recorded(&db), Some(first));

    // Its own write, then a clean close: recorded again, so the next open checks nothing.
    write(&mut store);
    drop(store);
    let after_write = recorded(&db).unwrap();
    assert!(after_write > first, "the close records the written files");
    std::thread::sleep(Duration::from_millis(20));
    drop(Store::open(&db).unwrap());
    assert_eq!(
        recorded(&db),
        Some(after_write),
        "no check after a clean close"
    );

    // A write and then a crash (the store is never closed): the next open checks the
    // files, and records them once they pass.
    let mut store = Store::open(&db).unwrap();
    write(&mut store);
    std::mem::forget(store);
    std::thread::sleep(Duration::from_millis(20));
    let reopened = Store::open(&db).unwrap();
    let checked_again = recorded(&db).unwrap();
    assert!(checked_again > after_write, "the open after a crash checks");
    drop(reopened);
}

#[test]
fn a_close_while_another_connection_writes_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("verdict.db");
    drop(Store::open(&db).unwrap());
    let first = recorded(&db).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let mut app = Store::open(&db).unwrap();
    let cli = Store::open(&db).unwrap();
    write(&mut app);
    drop(cli);
    assert_eq!(
        recorded(&db),
        Some(first),
        "the other connection's log is still open"
    );
    drop(app);
    assert!(recorded(&db).unwrap() > first, "the last close records");
}

#[test]
fn a_file_replaced_while_open_is_checked_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("verdict.db");
    let mut store = Store::open(&db).unwrap();
    write(&mut store);
    drop(store);
    let good = recorded(&db).unwrap();
    // Another copy of the desk, written elsewhere, is put in its place while it is open (a
    // restore, a sync tool): the close must not vouch for a file nobody checked.
    let other = dir.path().join("other.db");
    drop(Store::open(&other).unwrap());
    let mut store = Store::open(&db).unwrap();
    write(&mut store);
    std::fs::rename(&other, &db).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    drop(store);
    assert_eq!(
        recorded(&db),
        Some(good),
        "nothing recorded for the new file"
    );
    drop(Store::open(&db).unwrap());
    assert!(recorded(&db).unwrap() > good, "the next open checks it");
}

#[test]
fn another_connection_s_commit_during_the_session_is_not_vouched_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("verdict.db");
    drop(Store::open(&db).unwrap());
    let good = recorded(&db).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let mut mine = Store::open(&db).unwrap();
    let mut other = Store::open(&db).unwrap();
    write(&mut other);
    write(&mut mine);
    // The other connection closes first (the log stays: this one is open), then this one
    // closes last: it saw the other's commit and checked none of it.
    drop(other);
    drop(mine);
    assert_eq!(
        recorded(&db),
        Some(good),
        "nothing recorded after another's commit"
    );
}
