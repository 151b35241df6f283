//! The team commands' refusals (issue 25), against a real PostgreSQL: each names its cause
//! and what to do about it.

use predicates::str::contains;

mod support;
use support::{stderr, stdout};
#[path = "support/team.rs"]
mod team_support;
use team_support::{join, start_team, verdict};

/// Issue 25: a password the server refuses, and changes it refuses, are named with what to
/// do; a reviewer's desk adding a target is told that is a publisher's job.
#[test]
fn refusals_name_their_cause_and_the_fix() {
    use verdict_core::workflow::PageAction;
    const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

    let team = start_team(&[
        ("ines", "editor", None),
        ("pat", "publisher", None),
        ("sam", "reviewer", Some("sam-skeptic")),
    ]);
    let work = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        work.path().join("a"),
        work.path().join("b"),
        work.path().join("c"),
    );

    // The editor and the publisher act on the sample page while apart: the editor returns
    // it to draft, the publisher approves it; the team refuses the approval.
    let secrets = verdict_core::secrets::MemorySecrets::new();
    let ines = team.join_desk(&a, "ines", true, &secrets);
    let pat = team.join_desk(&b, "pat", false, &secrets);
    pat.page_action("pat", SAMPLE, PageAction::Unpublish)
        .unwrap();
    team.sync(&pat, &secrets);
    team.sync(&ines, &secrets);
    for step in [PageAction::ReturnToDraft, PageAction::SubmitForReview] {
        ines.page_action("ines", SAMPLE, step).unwrap();
    }
    team.sync(&ines, &secrets);
    team.sync(&pat, &secrets);
    ines.page_action("ines", SAMPLE, PageAction::ReturnToDraft)
        .unwrap();
    pat.page_action("pat", SAMPLE, PageAction::Approve).unwrap();
    team.sync(&ines, &secrets);
    drop(pat);
    let out = verdict(&b)
        .arg("sync")
        .env("VERDICT_TEAM_PASSWORD", "pat-pw")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 refused"), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("the team refused 1 change"), "{err}");
    assert!(err.contains(SAMPLE) && err.contains("draft"), "{err}");
    // Nothing refused: 0.
    verdict(&b)
        .arg("sync")
        .env("VERDICT_TEAM_PASSWORD", "pat-pw")
        .assert()
        .success();

    // The admin changes the reviewer's password: sync and status name the cause and the fix.
    join(&c, &team.url, "sam", "sam-pw").assert().success();
    team.pg.psql("team", "ALTER ROLE sam PASSWORD 'sam-new-pw'");
    let out = verdict(&c)
        .arg("sync")
        .env("VERDICT_TEAM_PASSWORD", "sam-pw")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("refused the password of \"sam\""), "{err}");
    assert!(err.contains("verdict team sign-in --password-env"), "{err}");
    assert!(err.contains("VERDICT_TEAM_PASSWORD"), "{err}");
    verdict(&c)
        .args(["team", "status"])
        .env("VERDICT_TEAM_PASSWORD", "sam-pw")
        .assert()
        .success()
        .stdout(contains("changes waiting: 0"))
        .stdout(contains(
            "server: the team's server refused the password of \"sam\"",
        ))
        .stdout(contains("verdict team sign-in"));
    // Signing in tries the password first; here no keyring keeps the good one.
    verdict(&c)
        .args(["team", "sign-in", "--password-env", "NEW_PW"])
        .env("NEW_PW", "sam-pw")
        .assert()
        .code(1)
        .stderr(contains("refused the password of \"sam\""));
    verdict(&c)
        .args(["team", "sign-in", "--password-env", "NEW_PW"])
        .env("NEW_PW", "sam-new-pw")
        .assert()
        .success()
        .stdout(contains("no system keyring runs here"))
        .stdout(contains("VERDICT_TEAM_PASSWORD"));
    verdict(&c)
        .args(["team", "status"])
        .env("VERDICT_TEAM_PASSWORD", "sam-new-pw")
        .assert()
        .success()
        .stdout(contains("server: signed in as sam (reviewer)"));

    // Adding a target is a publisher's job, and the desk says so of its member.
    let out = verdict(&c)
        .args(["target", "add", "site", "--kind", "folder", "--url"])
        .arg(work.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("may not add publishing targets"), "{err}");
    assert!(err.contains("needs the publisher role"), "{err}");
    assert!(err.contains("(reviewer)"), "{err}");
    assert!(!err.contains("may not act on this team desk"), "{err}");
}
