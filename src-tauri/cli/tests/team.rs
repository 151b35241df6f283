//! The team commands of `verdict` against a real PostgreSQL (a private cluster started by
//! the test): init, members, join, sync, status, leave, and the errors people meet.

use assert_cmd::Command;
use predicates::str::contains;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

mod support;
use support::{stderr, stdout};

/// `verdict` on `dir`, with no keyring reachable and no team password in the environment.
fn verdict(dir: &std::path::Path) -> Command {
    let mut cmd = support::verdict(dir);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", support::NO_BUS)
        .env_remove("VERDICT_TEAM_PASSWORD");
    cmd
}

/// Every file under `dir` that holds `needle`.
fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[test]
fn a_team_from_init_to_leave_through_the_command_line() {
    let pg = PgCluster::start();
    pg.create_database("team");
    let admin_url = pg.url(SUPERUSER, "team");
    let url = format!("postgres://127.0.0.1:{}/team", pg.port());
    let work = tempfile::tempdir().unwrap();
    let (a, b) = (work.path().join("a"), work.path().join("b"));

    verdict(&a)
        .args(["team", "init", &admin_url, "--password-env", "PG_ADMIN_PW"])
        .env("PG_ADMIN_PW", SUPERUSER_PASSWORD)
        .assert()
        .success()
        .stdout(contains(format!(
            "team ready at schema version {}",
            verdict_core::team::TEAM_SCHEMA_VERSION
        )));
    // Run again: nothing to do, same answer.
    verdict(&a)
        .args(["team", "init", &admin_url, "--password-env", "PG_ADMIN_PW"])
        .env("PG_ADMIN_PW", SUPERUSER_PASSWORD)
        .assert()
        .success();

    // A generated password is shown once; a given one is not printed.
    let out = verdict(&a)
        .args([
            "team",
            "add-member",
            "ines",
            "--role",
            "editor",
            "--role",
            "admin",
        ])
        .args([
            "--admin-url",
            &admin_url,
            "--admin-password-env",
            "PG_ADMIN_PW",
        ])
        .env("PG_ADMIN_PW", SUPERUSER_PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ines_pw = stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once; give it to ines): "))
        .expect("the generated password is printed")
        .to_string();
    assert_eq!(ines_pw.len(), 24);
    let out = verdict(&a)
        .args([
            "team",
            "add-member",
            "sam",
            "--role",
            "reviewer",
            "--reviewer",
            "sam-skeptic",
        ])
        .args(["--password-env", "SAM_PW"])
        .args([
            "--admin-url",
            &admin_url,
            "--admin-password-env",
            "PG_ADMIN_PW",
        ])
        .env("PG_ADMIN_PW", SUPERUSER_PASSWORD)
        .env("SAM_PW", "sam-secret-pw-1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("sam-secret-pw-1"));
    // A reviewer member without a reviewer is refused, naming why.
    verdict(&a)
        .args(["team", "add-member", "kim", "--role", "reviewer"])
        .args([
            "--admin-url",
            &admin_url,
            "--admin-password-env",
            "PG_ADMIN_PW",
        ])
        .env("PG_ADMIN_PW", SUPERUSER_PASSWORD)
        .assert()
        .code(1)
        .stderr(contains("tied to one reviewer"));

    // The editor seeds the team from her desk; no keyring here, so the password is not kept.
    verdict(&a).args(["init", "--sample"]).assert().success();
    verdict(&a)
        .args([
            "team",
            "join",
            &url,
            "--user",
            "ines",
            "--password-env",
            "INES_PW",
            "--seed",
        ])
        .env("INES_PW", &ines_pw)
        .assert()
        .success()
        .stdout(contains("joined as ines (editor, admin)"))
        .stdout(contains("VERDICT_TEAM_PASSWORD"));
    assert!(
        files_containing(&a, &ines_pw).is_empty(),
        "the password is in the data folder"
    );
    // Without the password at run time, sync says where it should come from.
    verdict(&a)
        .arg("sync")
        .assert()
        .code(1)
        .stderr(contains("VERDICT_TEAM_PASSWORD"));
    verdict(&a)
        .arg("sync")
        .env("VERDICT_TEAM_PASSWORD", &ines_pw)
        .assert()
        .success()
        .stdout(contains("synced: 0 pushed"));
    verdict(&a)
        .args(["team", "status"])
        .assert()
        .success()
        .stdout(contains("as ines (editor, admin)"))
        .stdout(contains("changes waiting: 0"));
    verdict(&a)
        .args(["team", "members"])
        .env("VERDICT_TEAM_PASSWORD", &ines_pw)
        .assert()
        .success()
        .stdout(contains("ines\tines\teditor,admin"))
        .stdout(contains("sam\tsam\treviewer\treviewer sam-skeptic"));

    // The reviewer clones the team onto an empty desk.
    verdict(&b)
        .args([
            "team",
            "join",
            &url,
            "--user",
            "sam",
            "--password-env",
            "SAM_PW",
        ])
        .env("SAM_PW", "sam-secret-pw-1")
        .assert()
        .success()
        .stdout(contains("joined as sam (reviewer)"));
    verdict(&b)
        .arg("list")
        .assert()
        .success()
        .stdout(contains("Claude Haiku Open Weights 50% (2 of 4 ship)"));
    let export_a = verdict(&a).args(["export", "-"]).output().unwrap();
    let export_b = verdict(&b).args(["export", "-"]).output().unwrap();
    assert_eq!(stdout(&export_a), stdout(&export_b));
    // A reviewer is no admin: the server says so.
    verdict(&b)
        .args(["team", "add-member", "eve", "--role", "publisher"])
        .env("VERDICT_TEAM_PASSWORD", "sam-secret-pw-1")
        .assert()
        .code(1)
        .stderr(contains("admin role"));

    // Errors people meet, each named, none changing the desk.
    let c = work.path().join("c");
    verdict(&c)
        .args([
            "team",
            "join",
            &url,
            "--user",
            "sam",
            "--password-env",
            "SAM_PW",
        ])
        .env("SAM_PW", "not-the-password")
        .assert()
        .code(1)
        .stderr(contains("refused the password of \"sam\""));
    verdict(&c)
        .args(["team", "join"])
        .arg(format!(
            "postgres://sam:sam-secret-pw-1@127.0.0.1:{}/team",
            pg.port()
        ))
        .args(["--user", "sam", "--password-env", "SAM_PW"])
        .env("SAM_PW", "sam-secret-pw-1")
        .assert()
        .code(1)
        .stderr(contains("carries a password"));
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    verdict(&c)
        .args(["team", "join"])
        .arg(format!("postgres://127.0.0.1:{closed}/team"))
        .args(["--user", "sam", "--password-env", "SAM_PW"])
        .env("SAM_PW", "sam-secret-pw-1")
        .assert()
        .code(1)
        .stderr(contains("cannot reach the team's server"));
    verdict(&c)
        .args([
            "team",
            "join",
            &url,
            "--user",
            "sam",
            "--password-env",
            "UNSET_VAR_VD",
        ])
        .assert()
        .code(1)
        .stderr(contains("UNSET_VAR_VD is not set"));
    verdict(&c)
        .args(["team", "status"])
        .assert()
        .success()
        .stdout(contains("not on a team"));
    verdict(&a)
        .args(["team", "resolve", "42", "--mine"])
        .assert()
        .code(1)
        .stderr(contains("no open conflict \"42\""));

    // A disabled member cannot sync any more.
    verdict(&a)
        .args(["team", "disable-member", "sam"])
        .env("VERDICT_TEAM_PASSWORD", &ines_pw)
        .assert()
        .success();
    verdict(&b)
        .arg("sync")
        .env("VERDICT_TEAM_PASSWORD", "sam-secret-pw-1")
        .assert()
        .code(1)
        .stderr(contains("not an active member"));

    verdict(&a)
        .args(["team", "leave"])
        .assert()
        .success()
        .stdout(contains("left the team"));
    verdict(&a)
        .args(["team", "status"])
        .assert()
        .success()
        .stdout(contains("not on a team"));
    // The desk keeps its content and works alone.
    verdict(&a)
        .arg("list")
        .assert()
        .success()
        .stdout(contains("Claude Haiku Open Weights 50% (2 of 4 ship)"));
}

/// `verdict sync --watch` takes another desk's change as soon as the server says the log
/// moved (NOTIFY), long before its 60 s round.
#[test]
fn sync_watch_wakes_up_when_another_desk_pushes() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let pg = PgCluster::start();
    pg.create_database("team");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut admin = verdict_core::team::Server::connect(
            &pg.url(SUPERUSER, "team"),
            None,
            SUPERUSER_PASSWORD,
        )
        .await
        .unwrap();
        admin.init().await.unwrap();
        for login in ["ines", "omar"] {
            admin
                .add_member(
                    login,
                    login,
                    &["editor".into()],
                    None,
                    &format!("{login}-pw"),
                )
                .await
                .unwrap();
        }
    });
    let url = format!("postgres://127.0.0.1:{}/team", pg.port());
    let work = tempfile::tempdir().unwrap();
    let (a, b) = (work.path().join("a"), work.path().join("b"));

    let ines = verdict_core::Desk::open(&a).unwrap();
    ines.seed_sample_if_empty().unwrap();
    let secrets = verdict_core::secrets::MemorySecrets::new();
    rt.block_on(ines.team_join(&url, "ines", "ines-pw", true, &secrets))
        .unwrap();
    verdict(&b)
        .args([
            "team",
            "join",
            &url,
            "--user",
            "omar",
            "--password-env",
            "OMAR_PW",
        ])
        .env("OMAR_PW", "omar-pw")
        .assert()
        .success();

    let mut watcher = std::process::Command::new(assert_cmd::cargo::cargo_bin("verdict"))
        .args(["sync", "--watch", "--every", "60"])
        .env("VERDICT_DATA_DIR", &b)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/verdict-test-bus",
        )
        .env("VERDICT_TEAM_PASSWORD", "omar-pw")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = watcher.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap();
    assert!(first.starts_with("synced:"), "{first}");

    let mut tool = ines.tool("claude-haiku-open-weights").unwrap();
    tool.tagline = "Pushed while omar watches".into();
    ines.save_tool("ines", &tool).unwrap();
    rt.block_on(ines.team_sync(&secrets, |_| {})).unwrap();

    let woke = rx.recv_timeout(std::time::Duration::from_secs(20));
    let _ = watcher.kill();
    let _ = watcher.wait();
    let line = woke.expect("the watcher did not sync within 20 s of the push (its round is 60 s)");
    assert_eq!(line, "synced: 0 pushed, 1 pulled, 0 conflict(s), 0 refused");
    let omar = verdict_core::Desk::open(&b).unwrap();
    assert_eq!(
        omar.tool("claude-haiku-open-weights").unwrap().tagline,
        "Pushed while omar watches"
    );
}

/// Issue 25: a password the server refuses, and changes it refuses, are named with what to
/// do; a reviewer's desk adding a target is told that is a publisher's job.
#[test]
fn refusals_name_their_cause_and_the_fix() {
    use verdict_core::workflow::PageAction;
    const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

    let pg = PgCluster::start();
    pg.create_database("team");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut admin = verdict_core::team::Server::connect(
            &pg.url(SUPERUSER, "team"),
            None,
            SUPERUSER_PASSWORD,
        )
        .await
        .unwrap();
        admin.init().await.unwrap();
        for (login, role, reviewer) in [
            ("ines", "editor", None),
            ("pat", "publisher", None),
            ("sam", "reviewer", Some("sam-skeptic")),
        ] {
            admin
                .add_member(
                    login,
                    login,
                    &[role.into()],
                    reviewer,
                    &format!("{login}-pw"),
                )
                .await
                .unwrap();
        }
    });
    let url = format!("postgres://127.0.0.1:{}/team", pg.port());
    let work = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        work.path().join("a"),
        work.path().join("b"),
        work.path().join("c"),
    );

    // The editor and the publisher act on the sample page while apart: the editor returns
    // it to draft, the publisher approves it; the team refuses the approval.
    let secrets = verdict_core::secrets::MemorySecrets::new();
    let ines = verdict_core::Desk::open(&a).unwrap();
    ines.seed_sample_if_empty().unwrap();
    rt.block_on(ines.team_join(&url, "ines", "ines-pw", true, &secrets))
        .unwrap();
    let pat = verdict_core::Desk::open(&b).unwrap();
    rt.block_on(pat.team_join(&url, "pat", "pat-pw", false, &secrets))
        .unwrap();
    pat.page_action("pat", SAMPLE, PageAction::Unpublish)
        .unwrap();
    rt.block_on(pat.team_sync(&secrets, |_| {})).unwrap();
    rt.block_on(ines.team_sync(&secrets, |_| {})).unwrap();
    for step in [PageAction::ReturnToDraft, PageAction::SubmitForReview] {
        ines.page_action("ines", SAMPLE, step).unwrap();
    }
    rt.block_on(ines.team_sync(&secrets, |_| {})).unwrap();
    rt.block_on(pat.team_sync(&secrets, |_| {})).unwrap();
    ines.page_action("ines", SAMPLE, PageAction::ReturnToDraft)
        .unwrap();
    pat.page_action("pat", SAMPLE, PageAction::Approve).unwrap();
    rt.block_on(ines.team_sync(&secrets, |_| {})).unwrap();
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
    verdict(&c)
        .args([
            "team",
            "join",
            &url,
            "--user",
            "sam",
            "--password-env",
            "SAM_PW",
        ])
        .env("SAM_PW", "sam-pw")
        .assert()
        .success();
    pg.psql("team", "ALTER ROLE sam PASSWORD 'sam-new-pw'");
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
