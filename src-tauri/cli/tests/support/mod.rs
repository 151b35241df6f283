//! What the command-line tests share: the `verdict` command on a desk folder, with or without
//! a keyring, and reading a desk's state back.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// A D-Bus address where no keyring answers: secrets then come from the documented
/// run-time variables only.
pub const NO_BUS: &str = "unix:path=/nonexistent/verdict-test-bus";

/// `verdict` on the desk in `dir`, with no log output.
pub fn verdict(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("verdict").unwrap();
    cmd.env("VERDICT_DATA_DIR", dir).env_remove("VERDICT_LOG");
    cmd
}

/// `verdict` on the desk in `dir` with no keyring reachable and the target `site`'s token
/// in `VERDICT_SECRET_SITE`.
pub fn verdict_for_site(dir: &Path, token: &str) -> Command {
    let mut cmd = verdict(dir);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .env("VERDICT_SECRET_SITE", token);
    cmd
}

/// The slugs of the desk's published pages, sorted, as `verdict list --json` says.
pub fn published_slugs(dir: &Path) -> Vec<String> {
    let out = verdict(dir).args(["list", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut slugs: Vec<String> = json["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "published")
        .map(|c| c["slug"].as_str().unwrap().to_string())
        .collect();
    slugs.sort();
    slugs
}

/// SQLite's integrity check of the desk's database ("ok" when sound).
pub fn integrity(dir: &Path) -> String {
    let db = rusqlite::Connection::open(dir.join("verdict.db")).unwrap();
    db.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap()
}

/// What a finished command wrote to its standard output.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What a finished command wrote to its standard error.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
