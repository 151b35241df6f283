//! A session in which SQLite found the file damaged vouches for nothing at its clean close
//! (store/open.rs): the next open checks again, fully, and finds what the quick check at
//! the open before did not. Its own test binary: the count of damage met is the process's,
//! so the clean closes that open_check.rs observes must not share a process with it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use verdict_core::store::DB_FILE;
use verdict_core::{Desk, Store, StoreError};

fn checked(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-checked");
    PathBuf::from(name)
}

/// Moves the page `slug` to another row id behind its status index's back, as a lost write
/// would leave it: the index is lent to another table (one with a status column, older than
/// the index) for the move, then given back, so it counts as many rows as the table but one
/// of them points at a row that is not there. The quick check counts an index's rows; it
/// does not cross-check them with the table's.
fn lose_a_row_behind_the_index(db: &Path, slug: &str) {
    let conn = Connection::open(db).unwrap();
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'comparisons_by_status'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET tbl_name = 'verdicts',
                sql = 'CREATE INDEX comparisons_by_status ON verdicts (status)'
          WHERE name = 'comparisons_by_status';",
    )
    .unwrap();
    drop(conn);
    let conn = Connection::open(db).unwrap();
    // The page's tools and panel keep the old id: no one reads them here.
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    let moved = conn
        .execute(
            "UPDATE comparisons SET id = id + 1000 WHERE slug = ?1",
            [slug],
        )
        .unwrap();
    assert_eq!(moved, 1);
    conn.execute_batch("PRAGMA writable_schema = ON;").unwrap();
    conn.execute(
        "UPDATE sqlite_schema SET tbl_name = 'comparisons', sql = ?1
          WHERE name = 'comparisons_by_status'",
        [&sql],
    )
    .unwrap();
}

#[test]
fn a_session_that_met_damage_does_not_vouch_for_the_file_and_the_next_open_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let desk = Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
    }
    let db = dir.path().join(DB_FILE);
    let page = Store::open(&db).unwrap().comparisons().unwrap()[0].clone();
    lose_a_row_behind_the_index(&db, &page.slug);

    // The open's quick check passes and records the files as checked.
    let store = Store::open(&db).unwrap();
    let good = std::fs::read_to_string(checked(&db)).expect("the open records its check");
    // Reading the pages in the page's state through the index meets the lost row.
    let err = store.comparisons_with_status(page.status).unwrap_err();
    assert!(
        matches!(&err, StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::DatabaseCorrupt),
        "{err:?}"
    );
    // A clean close: it does not vouch for the file, and takes back what the open recorded.
    drop(store);
    assert_ne!(
        std::fs::read_to_string(checked(&db)).ok(),
        Some(good),
        "the close vouched for a file found damaged"
    );
    // So the next open checks again, fully, and finds the damage.
    let err = Store::open(&db)
        .err()
        .expect("the damage is found at the next open");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
}
