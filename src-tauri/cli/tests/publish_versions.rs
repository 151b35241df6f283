//! `verdict publish` and `verdict target test` against page API servers of different
//! editions: one written before share cards existed stores every page (exit 0, no conflict,
//! one note that cards are not sent), the current one gets the cards.

use assert_cmd::Command;
use verdict_pageserver::{Config, RunningThread};

const TOKEN: &str = "cli-versions-token-31c9";
mod support;

const NOTE: &str = "note: site: share cards are not sent to this server";

fn verdict(dir: &std::path::Path) -> Command {
    support::verdict_for_site(dir, TOKEN)
}

/// A desk with a few published pages and the target `site` on `server`.
fn desk_for(server: &RunningThread) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args([
            "generate",
            "--tools",
            "10",
            "--comparisons",
            "12",
            "--reviewers",
            "2",
            "--seed",
            "4",
        ])
        .assert()
        .success();
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
    dir
}

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_server_written_before_share_cards_gets_every_page_and_one_note() {
    let mut config = Config::new(TOKEN);
    config.features = Vec::new();
    let server = verdict_pageserver::start_in_thread(config).unwrap();
    let dir = desk_for(&server);

    let (ok, stdout, stderr) = run(verdict(dir.path()).args([
        "publish",
        "--target",
        "site",
        "--all",
        "--retry-delay-ms",
        "5",
    ]));
    assert!(ok, "exit 0 expected\n{stdout}\n{stderr}");
    let pages = server.pages().len();
    assert!(pages >= 2, "{pages} pages stored\n{stdout}");
    assert!(
        stdout.contains(&format!("{pages} sent, 0 unchanged, 0 failed, 0 conflicts")),
        "{stdout}"
    );
    assert_eq!(stdout.matches(NOTE).count(), 1, "{stdout}");
    assert_eq!(server.stats().cards, 0);

    let (ok, said, stderr) = run(verdict(dir.path()).args(["target", "test", "site"]));
    assert!(ok, "{said}{stderr}");
    assert!(said.contains("Verdict page API v1"), "{said}");
    assert!(
        said.contains("no optional features; share cards are not sent to it"),
        "{said}"
    );
}

#[test]
fn the_current_server_gets_the_cards_and_no_note() {
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    let dir = desk_for(&server);

    let (ok, stdout, stderr) = run(verdict(dir.path()).args([
        "publish",
        "--target",
        "site",
        "--all",
        "--retry-delay-ms",
        "5",
    ]));
    assert!(ok, "{stdout}\n{stderr}");
    assert!(!stdout.contains("note:"), "{stdout}");
    let pages = server.pages().len();
    assert!(pages >= 2, "{stdout}");
    assert_eq!(server.stats().cards, pages as u64);

    let (ok, said, stderr) = run(verdict(dir.path()).args(["target", "test", "site"]));
    assert!(ok, "{said}{stderr}");
    assert!(said.contains("features: share-card"), "{said}");
    assert!(!said.contains("not sent"), "{said}");
}
