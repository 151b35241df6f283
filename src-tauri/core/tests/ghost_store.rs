//! Migration 13 (Ghost targets): the targets table is made again to take the kind `ghost`,
//! and nothing that refers to a target (its jobs, what it holds, its images) is lost on the way.

use rusqlite::Connection;
use verdict_core::store::{APPLICATION_ID, DB_FILE, MIGRATIONS};
use verdict_core::Store;

#[test]
fn a_desk_from_before_ghost_keeps_its_targets_jobs_and_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        for (number, sql) in MIGRATIONS.iter().filter(|(n, _)| *n <= 12) {
            conn.execute_batch(sql).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA user_version = {number}; PRAGMA application_id = {APPLICATION_ID};"
            ))
            .unwrap();
        }
        conn.execute_batch(
            "INSERT INTO targets (name, kind, url, user, created_at)
                 VALUES ('blog', 'wordpress', 'https://blog.example.com', 'ed', '2026-01-01T00:00:00Z');
             INSERT INTO outbox (target, slug, op, state, not_before, created_at, updated_at, write_key)
                 VALUES ('blog', 'a-vs-b', 'put', 'failed', '2026-01-01T00:00:00Z',
                         '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'key-1');
             INSERT INTO remote_pages (target, slug, remote_id, remote_url, content_hash, version, published_at)
                 VALUES ('blog', 'c-vs-d', '42', 'https://blog.example.com/c', 'h', 'v', '2026-01-01T00:00:00Z');
             INSERT INTO target_media (target, hash, name, sent_at, url)
                 VALUES ('blog', 'abc', '64w.webp', '2026-01-01T00:00:00Z', 'https://blog.example.com/x.webp');",
        )
        .unwrap();
        assert!(
            conn.execute(
                "INSERT INTO targets (name, kind, url, created_at) VALUES ('g', 'ghost', 'https://g.example', 'x')",
                [],
            )
            .is_err(),
            "before migration 13 there is no kind ghost"
        );
    }
    let store = Store::open(&path).unwrap();
    assert!(store.schema_version().unwrap() >= 13);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count("SELECT count(*) FROM targets WHERE name = 'blog' AND user = 'ed'"),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM outbox WHERE write_key = 'key-1' AND state = 'failed'"),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM remote_pages WHERE remote_id = '42'"),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM target_media WHERE url LIKE 'https://blog%'"),
        1
    );
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute(
        "INSERT INTO targets (name, kind, url, created_at) VALUES ('g', 'ghost', 'https://g.example', 'x')",
        [],
    )
    .unwrap();
    assert!(conn
        .execute(
            "INSERT INTO targets (name, kind, url, created_at) VALUES ('f', 'ftp', 'x', 'x')",
            [],
        )
        .is_err());
    // The references still hold: removing the target removes what it held.
    conn.execute("DELETE FROM targets WHERE name = 'blog'", [])
        .unwrap();
    assert_eq!(count("SELECT count(*) FROM outbox"), 0);
    assert_eq!(count("SELECT count(*) FROM remote_pages"), 0);
    assert_eq!(count("SELECT count(*) FROM target_media"), 0);
    assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check()"), 0);
}
