//! `verdict links` (issue 30) against a local server only: every link of the page checked,
//! broken ones named with their status, the results cached, and a non-zero exit while a link
//! is broken.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

mod support;
use support::{stderr, stdout, verdict};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

/// Answers 404 to paths starting `/gone`, 200 to anything else; counts requests.
fn server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let status = if line
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .starts_with("/gone")
            {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (base, count)
}

#[test]
fn verdict_links_names_a_broken_link_and_fails_until_it_is_fixed() {
    let (base, requests) = server();
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let set_docs = |docs: &str| {
        let desk = verdict_core::Desk::open(dir.path()).unwrap();
        desk.ensure_profiles().unwrap();
        for slug in ["claude-haiku-open-weights", "llama-4-scout-quantized"] {
            let mut tool = desk.tool(slug).unwrap();
            tool.links.homepage = Some(format!("{base}/home-{slug}"));
            tool.links.weights = None;
            tool.links.docs = Some(format!("{base}{docs}"));
            desk.save_tool("editor", &tool).unwrap();
        }
    };
    set_docs("/gone-docs");

    let out = verdict(dir.path())
        .args(["links", SLUG, "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "a broken link fails the run");
    assert!(
        stderr(&out).contains("2 of 4 links are broken"),
        "{}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let links = json["links"].as_array().unwrap();
    assert_eq!(links.len(), 4, "{json}");
    let broken: Vec<&serde_json::Value> = links.iter().filter(|l| l["state"] == "broken").collect();
    assert_eq!(broken.len(), 2);
    assert_eq!(broken[0]["status"], 404);
    assert_eq!(broken[0]["said"], "answers 404 Not Found");
    assert_eq!(
        broken[0]["field"],
        "tool:claude-haiku-open-weights.links.docs"
    );
    assert_eq!(
        requests.load(std::sync::atomic::Ordering::SeqCst),
        3,
        "one request a link"
    );

    // Within a day the cache answers; --fresh asks again.
    let out = verdict(dir.path()).args(["links", SLUG]).output().unwrap();
    assert!(stdout(&out).contains("broken"), "{}", stdout(&out));
    assert!(stdout(&out).contains("(cached)"), "{}", stdout(&out));
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 3);

    set_docs("/docs");
    let out = verdict(dir.path())
        .args(["links", SLUG, "--fresh"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).lines().all(|l| l.starts_with("ok ")),
        "{}",
        stdout(&out)
    );
}
