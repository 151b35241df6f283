//! `verdict publish --due` as a cron job runs it: the pages whose time has come are published
//! and said late by how much; with nothing due it reads no page's content (issue 32).

mod support;
use support::verdict;

#[test]
fn due_pages_are_published_late_and_then_nothing_due_reads_no_page() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["generate", "--tools", "40", "--comparisons", "120"])
        .args(["--reviewers", "4", "--seed", "5"])
        .assert()
        .success();
    // The generated schedules all lie in the past: every scheduled page is due, and late.
    let db = dir.path().join("verdict.db");
    let scheduled: Vec<String> = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn
            .prepare("SELECT slug FROM comparisons WHERE status = 'scheduled' ORDER BY slug")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    assert!(!scheduled.is_empty());

    let out = verdict(dir.path())
        .args(["publish", "--due"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let published: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("published "))
        .collect();
    assert_eq!(published, scheduled, "{stdout}");
    let late: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("late: “"))
        .collect();
    assert_eq!(late.len(), scheduled.len(), "{stdout}");
    assert!(
        late.iter()
            .all(|l| l.contains(" and went out ") && l.ends_with(" late")),
        "{stdout}"
    );

    // Every page's document spoiled: a command that read any page's content would fail, as
    // `list` does; `publish --due` with nothing due does not.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE comparisons SET doc = 'not a page'", [])
        .unwrap();
    drop(conn);
    verdict(dir.path()).args(["list"]).assert().failure();
    let out = verdict(dir.path())
        .args(["publish", "--due"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("0 to send, 0 unchanged"), "{stdout}");
    assert!(
        !stdout.contains("published ") && !stdout.contains("late:"),
        "{stdout}"
    );
}
