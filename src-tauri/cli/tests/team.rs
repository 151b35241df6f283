//! The team commands of `verdict` against a real PostgreSQL (a private cluster started by
//! the test): init, members, join, sync, status, leave, and `sync --watch`. The refusals
//! people meet are in team_refusals.rs.

use predicates::str::contains;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

mod support;
use support::{stderr, stdout, NO_BUS};
#[path = "support/team.rs"]
mod team_support;
use team_support::{as_admin, files_containing, join, start_team, verdict};

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
    let out = as_admin(
        verdict(&a).args([
            "team",
            "add-member",
            "ines",
            "--role",
            "editor",
            "--role",
            "admin",
        ]),
        &admin_url,
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ines_pw = stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once; give it to ines): "))
        .expect("the generated password is printed")
        .to_string();
    assert_eq!(ines_pw.len(), 24);
    let out = as_admin(
        verdict(&a).args([
            "team",
            "add-member",
            "sam",
            "--role",
            "reviewer",
            "--reviewer",
            "sam-skeptic",
        ]),
        &admin_url,
    )
    .args(["--password-env", "SAM_PW"])
    .env("SAM_PW", "sam-secret-pw-1")
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("sam-secret-pw-1"));
    // A reviewer member without a reviewer is refused, naming why.
    as_admin(
        verdict(&a).args(["team", "add-member", "kim", "--role", "reviewer"]),
        &admin_url,
    )
    .assert()
    .code(1)
    .stderr(contains("tied to one reviewer"));

    // The editor seeds the team from her desk; no keyring here, so the password is not kept.
    verdict(&a).args(["init", "--sample"]).assert().success();
    join(&a, &url, "ines", &ines_pw)
        .arg("--seed")
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
    join(&b, &url, "sam", "sam-secret-pw-1")
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
    join(&c, &url, "sam", "not-the-password")
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

    let team = start_team(&[("ines", "editor", None), ("omar", "editor", None)]);
    let work = tempfile::tempdir().unwrap();
    let (a, b) = (work.path().join("a"), work.path().join("b"));

    let secrets = verdict_core::secrets::MemorySecrets::new();
    let ines = team.join_desk(&a, "ines", true, &secrets);
    join(&b, &team.url, "omar", "omar-pw").assert().success();

    let mut watcher = std::process::Command::new(assert_cmd::cargo::cargo_bin("verdict"))
        .args(["sync", "--watch", "--every", "60"])
        .env("VERDICT_DATA_DIR", &b)
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
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
    team.sync(&ines, &secrets);

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
