//! A secret given to `verdict target add` lives in the system keyring and nowhere else: not in
//! the data folder (database, WAL, backups), not in an export, not in any output or log, even
//! with debug logging on. Runs against a private Secret Service (gnome-keyring on a private
//! session bus).

#[path = "../../core/tests/support/secret_service.rs"]
mod secret_service;

use assert_cmd::Command;
use predicates::str::contains;
use verdict_pageserver::Config;

const PLANTED: &str = "planted-secret-Zq8vX41mKp";

fn verdict(dir: &std::path::Path, bus: &str) -> Command {
    let mut cmd = Command::cargo_bin("verdict").unwrap();
    cmd.env("VERDICT_DATA_DIR", dir)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("VERDICT_LOG", "trace")
        .env_remove("VERDICT_SECRET_SITE");
    cmd
}

/// Every file under `dir`, searched byte for byte.
fn files_containing(dir: &std::path::Path, needle: &[u8]) -> Vec<String> {
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
                .any(|w| w == needle)
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[test]
fn a_target_secret_is_found_nowhere_but_the_keyring() {
    let keyring = secret_service::start_secret_service();
    let bus = keyring.address().to_string();
    let dir = tempfile::tempdir().unwrap();
    let server = verdict_pageserver::start_in_thread(Config::new(PLANTED)).unwrap();
    let mut output = Vec::new();
    let mut record = |out: std::process::Output| {
        output.extend_from_slice(&out.stdout);
        output.extend_from_slice(&out.stderr);
        out
    };

    record(
        verdict(dir.path(), &bus)
            .args(["init", "--sample"])
            .output()
            .unwrap(),
    );
    let out = record(
        verdict(dir.path(), &bus)
            .env("SITE_TOKEN", PLANTED)
            .args([
                "target",
                "add",
                "site",
                "--kind",
                "http",
                "--url",
                &server.url(),
            ])
            .args(["--secret-env", "SITE_TOKEN"])
            .output()
            .unwrap(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The keyring gives it back: the server (which only accepts that token) gets the page.
    let out = record(
        verdict(dir.path(), &bus)
            .args(["publish", "--target", "site", "--all"])
            .output()
            .unwrap(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(server.pages().len(), 1);
    let export = dir.path().join("bundle.json");
    record(
        verdict(dir.path(), &bus)
            .arg("export")
            .arg(&export)
            .output()
            .unwrap(),
    );
    record(verdict(dir.path(), &bus).arg("backup").output().unwrap());
    record(
        verdict(dir.path(), &bus)
            .args(["target", "list", "--json"])
            .output()
            .unwrap(),
    );
    record(
        verdict(dir.path(), &bus)
            .args(["queue", "--json"])
            .output()
            .unwrap(),
    );

    assert!(
        output.len() > 200,
        "the commands said something (debug logging on)"
    );
    let needle = PLANTED.as_bytes();
    assert!(
        !output.windows(needle.len()).any(|w| w == needle),
        "the secret appeared in the output or logs"
    );
    assert_eq!(files_containing(dir.path(), needle), Vec::<String>::new());

    // Removing the target removes its secret from the keyring: a later publish has none.
    verdict(dir.path(), &bus)
        .args(["target", "remove", "site"])
        .assert()
        .success();
    verdict(dir.path(), &bus)
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
    verdict(dir.path(), &bus)
        .args(["target", "test", "site"])
        .assert()
        .failure()
        .stderr(contains("has no token stored"));
}

#[test]
fn without_a_keyring_the_target_is_added_and_the_secret_is_not_stored() {
    // Issue 12, item 8: the target is added; the secret is not stored anywhere and must come
    // from VERDICT_SECRET_<NAME> at run time, which the command says.
    let dir = tempfile::tempdir().unwrap();
    let out = verdict(dir.path(), "unix:path=/nonexistent/bus")
        .env("SITE_TOKEN", PLANTED)
        .args([
            "target",
            "add",
            "site",
            "--kind",
            "http",
            "--url",
            "http://127.0.0.1:9/",
        ])
        .args(["--secret-env", "SITE_TOKEN"])
        .assert()
        .success()
        .stdout(contains("target site added"))
        .stderr(contains("NOT stored"))
        .stderr(contains("VERDICT_SECRET_SITE"))
        .get_output()
        .clone();
    for text in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(text).contains(PLANTED));
    }
    verdict(dir.path(), "unix:path=/nonexistent/bus")
        .args(["target", "list"])
        .assert()
        .success()
        .stdout(contains("site"))
        .stdout(contains("http://127.0.0.1:9/"));
    assert!(files_containing(dir.path(), PLANTED.as_bytes()).is_empty());
}
