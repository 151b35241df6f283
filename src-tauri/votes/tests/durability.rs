//! Votes outlive the process: a restart keeps them, SIGTERM answers what is in flight and
//! exits cleanly, and SIGKILL in the middle of a stream loses no vote that was answered.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use support::{client, cookie_of, form, post, put_pages, spawn, tallies, Post};

const PAGE_URL: &str = "https://example.com/compare/a-vs-b/";

/// Behind a "proxy" on loopback, each vote from its own address: every vote is a new reader.
const PROXIED: &[(&str, &str)] = &[
    ("VERDICT_VOTES_TRUSTED_PROXIES", "127.0.0.1"),
    ("VERDICT_VOTES_RATE_LIMIT_PER_MINUTE", "1000"),
];

#[tokio::test]
async fn a_restart_keeps_votes_and_readers() {
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(dir.path(), &[]);
    let c = client();
    put_pages(
        &c,
        &service.url,
        &[("a-vs-b", &["alpha", "beta"], PAGE_URL)],
    )
    .await;
    let r = post(&c, &service.url, "a-vs-b", form("alpha"), Post::default()).await;
    let cookie = cookie_of(&r);
    service.term();
    assert!(service.wait().success(), "SIGTERM exits 0");

    let service = spawn(dir.path(), &[]);
    let before = tallies(&c, &service.url).await;
    assert_eq!(before.values().sum::<u64>(), 1);
    // The pages and the cookie's key came back with the database: the reader is known.
    let how = Post {
        cookie: Some(&cookie),
        json: true,
        forwarded_for: None,
    };
    let r = post(&c, &service.url, "a-vs-b", form("beta"), how).await;
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["counted"], "changed");
    assert_eq!(tallies(&c, &service.url).await.values().sum::<u64>(), 1);
}

/// Votes from `voters` concurrent readers until the service goes away; the number answered.
async fn stream(url: String, voters: usize, next: Arc<AtomicU64>) -> u64 {
    let mut tasks = Vec::new();
    for _ in 0..voters {
        let (url, next) = (url.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let c = client();
            let mut acked = 0;
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let how = Post {
                    cookie: None,
                    json: true,
                    forwarded_for: Some(format!(
                        "10.{}.{}.{}",
                        (n >> 16) & 255,
                        (n >> 8) & 255,
                        n & 255
                    )),
                };
                let tool = if n % 3 == 0 { "beta" } else { "alpha" };
                let sent = c
                    .post(format!("{url}v/a-vs-b"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .header("x-forwarded-for", how.forwarded_for.unwrap())
                    .body(form(tool))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 200 => {
                        let answer: serde_json::Value = match r.json().await {
                            Ok(a) => a,
                            Err(_) => return acked,
                        };
                        assert_eq!(answer["counted"], "new");
                        acked += 1;
                    }
                    Ok(r) if r.status() == 503 => return acked,
                    Ok(r) => panic!("unexpected {}", r.status()),
                    Err(_) => return acked,
                }
            }
        }));
    }
    let mut acked = 0;
    for t in tasks {
        acked += t.await.unwrap();
    }
    acked
}

#[tokio::test]
async fn sigterm_answers_what_is_in_flight_and_keeps_every_answered_vote() {
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(dir.path(), PROXIED);
    let c = client();
    put_pages(
        &c,
        &service.url,
        &[("a-vs-b", &["alpha", "beta"], PAGE_URL)],
    )
    .await;
    let next = Arc::new(AtomicU64::new(1));
    let voting = tokio::spawn(stream(service.url.clone(), 16, next.clone()));
    tokio::time::sleep(Duration::from_millis(400)).await;
    service.term();
    let acked = voting.await.unwrap();
    assert!(service.wait().success(), "SIGTERM exits 0");
    assert!(acked > 50, "the stream was running: {acked} votes answered");

    let service = spawn(dir.path(), PROXIED);
    let stored: u64 = tallies(&c, &service.url).await.values().sum();
    let sent = next.load(Ordering::Relaxed) - 1;
    assert!(
        stored >= acked && stored <= sent,
        "{acked} answered, {stored} stored, {sent} sent"
    );
}

#[tokio::test]
async fn twenty_sigkills_lose_no_answered_vote() {
    let dir = tempfile::tempdir().unwrap();
    let c = client();
    let next = Arc::new(AtomicU64::new(1));
    let mut acked = 0;
    for round in 0..20u64 {
        let service = spawn(dir.path(), PROXIED);
        if round == 0 {
            put_pages(
                &c,
                &service.url,
                &[("a-vs-b", &["alpha", "beta"], PAGE_URL)],
            )
            .await;
        }
        let voting = tokio::spawn(stream(service.url.clone(), 8, next.clone()));
        tokio::time::sleep(Duration::from_millis(60 + (round * 37) % 200)).await;
        service.kill();
        acked += voting.await.unwrap();
    }
    let service = spawn(dir.path(), PROXIED);
    let stored: u64 = tallies(&c, &service.url).await.values().sum();
    let sent = next.load(Ordering::Relaxed) - 1;
    assert!(acked > 100, "{acked}");
    assert!(
        stored >= acked && stored <= sent,
        "{acked} answered, {stored} stored, {sent} sent"
    );
}
