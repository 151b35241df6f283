//! `verdict votes` with the site's vote service (docs/votes.md): set it (its address in the
//! site settings, its token in the keyring, nowhere else), pull its tallies as cron would, and
//! say clearly what is missing or refused. The vote service is the real one, on a socket.

#[path = "../../core/tests/support/secret_service.rs"]
mod secret_service;

use std::io::{Read, Write};

use assert_cmd::Command;
use predicates::str::contains;

const TOKEN: &str = "cli-votes-token-Hq2m9ZxW41";

fn verdict(dir: &std::path::Path, bus: &str) -> Command {
    let mut cmd = Command::cargo_bin("verdict").unwrap();
    cmd.env("VERDICT_DATA_DIR", dir)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env_remove("VERDICT_SECRET_VOTE_SERVICE_TOKEN");
    cmd
}

/// One HTTP/1.1 exchange with the service: `(status line, body)`.
fn http(addr: std::net::SocketAddr, request: &str) -> (String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

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
fn verdict_votes_sets_the_service_keeps_its_token_in_the_keyring_and_pulls() {
    let keyring = secret_service::start_secret_service();
    let bus = keyring.address().to_string();
    let dir = tempfile::tempdir().unwrap();
    let votes_dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let running = rt
        .block_on(verdict_votes::start(verdict_votes::Config::new(
            votes_dir.path().join("votes.sqlite3"),
            TOKEN,
        )))
        .unwrap();
    let (addr, url) = (running.addr(), running.url());

    verdict(dir.path(), &bus).arg("init").assert().success();
    verdict(dir.path(), &bus)
        .args(["generate", "--tools", "10", "--comparisons", "6"])
        .assert()
        .success();
    verdict(dir.path(), &bus)
        .arg("votes")
        .assert()
        .failure()
        .stderr(contains("no vote service and no --target"));

    verdict(dir.path(), &bus)
        .env("VOTES_TOKEN", TOKEN)
        .args(["votes", "--service", &url, "--token-env", "VOTES_TOKEN"])
        .assert()
        .success()
        .stdout(contains(format!("vote service: {url}")))
        .stdout(contains("votes from vote service:"));
    assert_eq!(
        files_containing(dir.path(), TOKEN.as_bytes()),
        Vec::<String>::new()
    );

    // The pull told the service the published pages; a reader votes on the first one.
    let (status, body) = http(
        addr,
        &format!("GET /votes HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {TOKEN}\r\nconnection: close\r\n\r\n"),
    );
    assert!(status.contains("200"), "{status}");
    let tallies: serde_json::Value = serde_json::from_str(&body).unwrap();
    let first = &tallies["votes"][0];
    let (slug, tool) = (
        first["comparison"].as_str().unwrap().to_string(),
        first["tool"].as_str().unwrap().to_string(),
    );
    let form = format!("website=&tool={tool}");
    let (status, _) = http(
        addr,
        &format!(
            "POST /v/{slug} HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{form}",
            form.len()
        ),
    );
    assert!(
        status.starts_with("HTTP/1.1 303") || status.starts_with("HTTP/1.1 200"),
        "{status}"
    );

    // Cron: no flags, the token from the keyring.
    verdict(dir.path(), &bus)
        .arg("votes")
        .assert()
        .success()
        .stdout(contains("votes from vote service:"));
    let out = verdict(dir.path(), &bus)
        .args(["render", &slug, "--format", "html"])
        .assert()
        .success()
        .stdout(contains(format!("name=\"tool\" value=\"{tool}\"")))
        .get_output()
        .stdout
        .clone();
    let html = String::from_utf8(out).unwrap();
    let card = &html[html.find(&format!("id=\"tool-{tool}\"")).unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(
        card.contains("<dt>Community</dt>\n          <dd>100%</dd>"),
        "the voted tool's Community figure: {card}"
    );

    // No keyring (a server's cron): the token from the environment; a wrong one is named.
    let no_bus = "unix:path=/nonexistent/bus";
    verdict(dir.path(), no_bus)
        .env("VERDICT_SECRET_VOTE_SERVICE_TOKEN", TOKEN)
        .arg("votes")
        .assert()
        .success()
        .stdout(contains("votes from vote service:"));
    verdict(dir.path(), no_bus)
        .env(
            "VERDICT_SECRET_VOTE_SERVICE_TOKEN",
            "not-the-token-0123456789",
        )
        .arg("votes")
        .assert()
        .failure()
        .stderr(contains("401"))
        .stderr(contains("the token is not the service's"));
    rt.block_on(running.stop());
}

#[test]
fn verdict_votes_sets_how_large_a_move_is_worth_republishing() {
    let keyring = secret_service::start_secret_service();
    let bus = keyring.address().to_string();
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path(), &bus).arg("init").assert().success();
    for bad in ["0", "101"] {
        verdict(dir.path(), &bus)
            .args(["votes", "--republish-points", bad])
            .assert()
            .failure()
            .stderr(contains("vote_republish_points"))
            .stderr(contains("from 1 to 100"));
    }
    verdict(dir.path(), &bus)
        .args(["votes", "--republish-points", "3"])
        .assert()
        .success()
        .stdout(contains("vote_republish_points: 3"));
    let out = dir.path().join("bundle.json");
    verdict(dir.path(), &bus)
        .args(["export", out.to_str().unwrap()])
        .assert()
        .success();
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bundle["site"]["vote_republish_points"], 3, "{bundle}");
}
