//! `verdict verify` as a cron job or a monitor runs it: every published page read back from a
//! real page API server on 127.0.0.1; exit 0 while all are as published, exit 1 (with the
//! page and the difference named) once one is edited or deleted behind the desk's back.

use assert_cmd::Command;
use predicates::str::contains;
use verdict_pageserver::Config;

const TOKEN: &str = "cli-verify-token";

fn verdict(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("verdict").unwrap();
    cmd.env("VERDICT_DATA_DIR", dir)
        .env_remove("VERDICT_LOG")
        // No keyring here: the token comes from the documented run-time variable.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("VERDICT_SECRET_SITE", TOKEN);
    cmd
}

#[test]
fn verify_exits_non_zero_and_names_what_differs_once_a_page_is_edited_or_deleted_there() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args([
            "generate",
            "--tools",
            "12",
            "--comparisons",
            "16",
            "--reviewers",
            "3",
            "--seed",
            "9",
        ])
        .assert()
        .success();
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    verdict(dir.path())
        .args([
            "target",
            "add",
            "site",
            "--kind",
            "http",
            "--url",
            &server.url(),
        ])
        .assert()
        .success();
    // Publishing reads what it wrote back: every page verified, nothing listed.
    verdict(dir.path())
        .args(["publish", "--target", "site", "--all"])
        .assert()
        .success()
        .stdout(contains("0 failed, 0 conflicts"))
        .stdout(contains(" 0 differ, 0 missing, 0 unreachable"));
    let pages = server.pages();
    assert!(pages.len() >= 2, "{} pages published", pages.len());
    verdict(dir.path())
        .args(["verify"])
        .assert()
        .success()
        .stdout(contains(format!(
            "receipts: {} verified, 0 differ",
            pages.len()
        )));

    server
        .edit_remote(&pages[0].slug, "Edited Behind The Desk")
        .unwrap();
    assert!(server.delete_remote(&pages[1].slug));
    let writes = server.stats().by_slug_writes;
    verdict(dir.path())
        .args(["verify", "--target", "site"])
        .assert()
        .code(1)
        .stdout(contains(format!("differs      site/{}", pages[0].slug)))
        .stdout(contains(
            "the title was changed on the page server to “Edited Behind The Desk”",
        ))
        .stdout(contains(format!("missing      site/{}", pages[1].slug)))
        .stdout(contains("the page is gone from the page server"))
        .stderr(contains("2 of"));
    let out = verdict(dir.path())
        .args(["verify", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let state = |slug: &str| {
        json["receipts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["slug"] == slug)
            .map(|r| r["state"].as_str().unwrap().to_string())
    };
    assert_eq!(state(&pages[0].slug).as_deref(), Some("differs"));
    assert_eq!(state(&pages[1].slug).as_deref(), Some("missing"));
    assert_eq!(
        server.stats().by_slug_writes,
        writes,
        "verifying wrote nothing"
    );
    verdict(dir.path())
        .args(["verify", "--target", "nowhere"])
        .assert()
        .code(1)
        .stderr(contains("no publishing target \"nowhere\""));

    // Acting on the receipts: the deleted page is published there again; the edited one is
    // refused (it is not missing); deleted too, it is marked unpublished.
    verdict(dir.path())
        .args(["verify", "--target", "site", "--republish", &pages[1].slug])
        .assert()
        .success()
        .stdout(contains("0 failed, 0 conflicts"));
    assert!(server.pages().iter().any(|p| p.slug == pages[1].slug));
    verdict(dir.path())
        .args([
            "verify",
            "--target",
            "site",
            "--mark-unpublished",
            &pages[0].slug,
        ])
        .assert()
        .code(1)
        .stderr(contains("its last receipt says differs"));
    assert!(server.delete_remote(&pages[0].slug));
    verdict(dir.path())
        .args(["verify", "--target", "site"])
        .assert()
        .code(1)
        .stdout(contains(format!("missing      site/{}", pages[0].slug)));
    verdict(dir.path())
        .args([
            "verify",
            "--target",
            "site",
            "--mark-unpublished",
            &pages[0].slug,
        ])
        .assert()
        .success()
        .stdout(contains("no target holds it, so it is back to Approved"));
    verdict(dir.path())
        .args(["verify"])
        .assert()
        .success()
        .stdout(contains(format!(
            "receipts: {} verified, 0 differ",
            pages.len() - 1
        )));
}
