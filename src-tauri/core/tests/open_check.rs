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
