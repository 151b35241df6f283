//! `verdict assign` and `verdict calendar` end to end (issue 31): an assignment shows on the
//! month's calendar in the member's time zone; refusals name the field and exit with 1.

use predicates::str::contains;

mod support;
use support::verdict;

const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

#[test]
fn assign_then_the_month_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    verdict(dir.path())
        .args(["assign", SAMPLE, "--to", "editor", "--due", "2026-12-24"])
        .assert()
        .success()
        .stdout(contains("held by editor, due 2026-12-24"));

    let out = verdict(dir.path())
        .args([
            "calendar",
            "--month",
            "2026-12",
            "--tz",
            "Europe/Berlin",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cal: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cal["from"], "2026-12-01");
    assert_eq!(cal["to"], "2026-12-31");
    let due: Vec<_> = cal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "page_due")
        .collect();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0]["slug"], SAMPLE);
    assert_eq!(due[0]["day"], "2026-12-24");
    assert_eq!(due[0]["assignee"], "editor");

    verdict(dir.path())
        .args(["calendar", "--month", "2026-12", "--person", "editor"])
        .assert()
        .success()
        .stdout(contains("2026-12-24"))
        .stdout(contains("page due"))
        .stdout(contains("held by editor"));
    verdict(dir.path())
        .args(["calendar", "--month", "2026-11", "--status", "draft"])
        .assert()
        .success()
        .stdout(contains("nothing on the calendar"));
}

#[test]
fn refusals_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    verdict(dir.path())
        .args(["assign", SAMPLE, "--due", "24.12.2026"])
        .assert()
        .code(1)
        .stderr(contains("due: a date as YYYY-MM-DD is expected"));
    verdict(dir.path())
        .args(["assign", SAMPLE, "--to", "publisher"])
        .assert()
        .code(1)
        .stderr(contains("assignee:"));
    verdict(dir.path())
        .args(["--as", "nobody", "assign", SAMPLE, "--to", "editor"])
        .assert()
        .code(1)
        .stderr(contains("no profile \"nobody\""));
    // A publisher may set a due date (the core refuses a reviewer: tests/assignments.rs).
    verdict(dir.path())
        .args(["--as", "publisher", "assign", SAMPLE, "--due", "2027-01-05"])
        .assert()
        .success()
        .stdout(contains("due 2027-01-05"));
    verdict(dir.path())
        .args(["calendar", "--month", "December"])
        .assert()
        .code(1)
        .stderr(contains("--month"));
    verdict(dir.path())
        .args(["calendar", "--tz", "Berlin"])
        .assert()
        .code(1)
        .stderr(contains("time_zone:"));
}
