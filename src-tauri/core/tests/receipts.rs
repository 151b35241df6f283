//! Receipts: pages read back after publishing, from the reference page server (its test
//! switches edit, delete and cache a page behind the desk's back) and from a folder (files
//! edited and deleted by hand); each difference is found, said in words, and verifying
//! writes nothing to the target.

use std::sync::Arc;
use std::time::{Duration, Instant};

use verdict_core::desk::Selection;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::verify::{Due, VerifyOptions, VerifyReport};
use verdict_core::publish::{run_until_settled, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::receipts::{Receipt, ReceiptState};
use verdict_core::store::SaveCtx;
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};
use verdict_pageserver::{Config, FaultKind, Faults};

const TOKEN: &str = "receipts-token-1";

fn desk_with_pages(comparisons: usize) -> (tempfile::TempDir, Desk, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    generate(
        &mut desk.store(),
        &GenerateOptions {
            tools: 20,
            comparisons,
            reviewers: 4,
            seed: 11,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    let published = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .map(|c| c.slug)
        .collect();
    (dir, desk, published)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn publish(rt: &tokio::runtime::Runtime, desk: &Desk, target: &str, secrets: Arc<dyn SecretStore>) {
    desk.queue_publish("publisher", Some(target), &Selection::AllPublished)
        .unwrap();
    let options = RunOptions {
        target: Some(target.into()),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    };
    let summary = rt
        .block_on(run_until_settled(desk.data_dir(), secrets, options, |_| {}))
        .unwrap();
    assert_eq!(summary.failed + summary.conflicts, 0, "{summary}");
}

fn verify(
    rt: &tokio::runtime::Runtime,
    desk: &Desk,
    secrets: Arc<dyn SecretStore>,
    due: Due,
) -> VerifyReport {
    let options = VerifyOptions {
        due,
        timeout: Duration::from_millis(1500),
        ..VerifyOptions::default()
    };
    rt.block_on(desk.verify_published(secrets, options))
        .unwrap()
}

fn receipt<'a>(report: &'a VerifyReport, slug: &str) -> &'a Receipt {
    report
        .receipts
        .iter()
        .find(|r| r.slug == slug)
        .unwrap_or_else(|| panic!("no receipt for {slug}: {report:#?}"))
}

fn said(r: &Receipt) -> Vec<&str> {
    r.differences.iter().map(|d| d.said.as_str()).collect()
}

#[test]
fn the_page_server_copy_is_read_back_and_edits_deletions_and_stale_caches_are_named() {
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    let (_dir, desk, slugs) = desk_with_pages(6);
    assert!(slugs.len() >= 4, "{slugs:?}");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = TargetConfig {
        name: "site".into(),
        kind: TargetKind::Http,
        url: server.url(),
        user: None,
    };
    desk.add_target("publisher", &config, Some(TOKEN), secrets.as_ref())
        .unwrap();
    let rt = runtime();
    publish(&rt, &desk, "site", secrets.clone());

    // Right after the write: every page verified, read back from the API and the public page.
    let report = verify(&rt, &desk, secrets.clone(), Due::Unchecked);
    assert_eq!(report.receipts.len(), slugs.len(), "{report:#?}");
    for r in &report.receipts {
        assert_eq!(r.state, ReceiptState::Verified, "{r:#?}");
        assert_eq!(
            r.public_url.as_deref(),
            Some(server.page_url(&r.slug).as_str())
        );
    }
    assert_eq!(desk.receipts(Some("site")).unwrap(), report.receipts);
    // Checked since the write: nothing is due until it is old.
    assert!(verify(&rt, &desk, secrets.clone(), Due::Unchecked)
        .receipts
        .is_empty());
    assert!(verify(
        &rt,
        &desk,
        secrets.clone(),
        Due::Older(Duration::from_secs(3600))
    )
    .receipts
    .is_empty());

    // Behind the desk's back: a title edited on the website, a page deleted there, and a
    // cache that keeps serving the old version of a page the desk then changes.
    let (edited, deleted, cached) = (&slugs[0], &slugs[1], &slugs[2]);
    server.edit_remote(edited, "Edited On The Website").unwrap();
    assert!(server.delete_remote(deleted));
    assert!(server.stale_public(cached));
    let mut page = desk.comparison(cached).unwrap();
    page.dek = "A dek rewritten at the desk after the first publish.".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    publish(&rt, &desk, "site", secrets.clone());
    let writes = server.stats();

    let report = verify(&rt, &desk, secrets.clone(), Due::All);
    let r = receipt(&report, edited);
    assert_eq!(r.state, ReceiptState::Differs, "{r:#?}");
    let words = said(r);
    assert!(
        words.contains(&"the page was changed on the page server since the desk published it"),
        "{words:?}"
    );
    assert!(
        words.contains(&"the title was changed on the page server to “Edited On The Website”"),
        "{words:?}"
    );
    let r = receipt(&report, deleted);
    assert_eq!(r.state, ReceiptState::Missing, "{r:#?}");
    assert_eq!(said(r), ["the page is gone from the page server"]);
    let r = receipt(&report, cached);
    assert_eq!(r.state, ReceiptState::Differs, "{r:#?}");
    assert!(
        said(r)[0].starts_with("readers get something other than what the page server stores"),
        "{:?}",
        said(r)
    );
    assert!(
        said(r)
            .iter()
            .any(|s| s.contains("A dek rewritten at the desk")),
        "the text readers miss is quoted: {:?}",
        said(r)
    );
    for slug in &slugs[3..] {
        assert_eq!(receipt(&report, slug).state, ReceiptState::Verified);
    }
    // Verifying read; it wrote nothing.
    let after = server.stats();
    assert_eq!(
        (after.creates, after.updates, after.deletes, after.cards),
        (writes.creates, writes.updates, writes.deletes, writes.cards)
    );
    assert_eq!(after.by_slug_writes, writes.by_slug_writes);

    // A server that holds every read: each page's check gives up at its time limit, and the
    // run ends; the pages are "unreachable", said so.
    server.set_faults(Faults {
        apply_to_reads: true,
        ..Faults::new(1.0, 3, vec![FaultKind::Hang { ms: 10_000 }])
    });
    let started = Instant::now();
    let report = verify(&rt, &desk, secrets.clone(), Due::All);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert!(!report.receipts.is_empty());
    for r in &report.receipts {
        assert_eq!(r.state, ReceiptState::Unreachable, "{r:#?}");
        assert!(
            said(r)[0].contains("the page server did not answer within 1.5 s")
                || said(r)[0].starts_with("the page server could not be read"),
            "{:?}",
            said(r)
        );
    }
    server.set_faults(Faults::default());
}

#[test]
fn the_folder_copy_is_read_back_and_hand_edits_and_deletions_are_named() {
    let (_dir, desk, slugs) = desk_with_pages(4);
    assert!(slugs.len() >= 3, "{slugs:?}");
    let site = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = TargetConfig {
        name: "folder".into(),
        kind: TargetKind::Folder,
        url: site.path().display().to_string(),
        user: None,
    };
    desk.add_target("publisher", &config, None, secrets.as_ref())
        .unwrap();
    let rt = runtime();
    publish(&rt, &desk, "folder", secrets.clone());
    let report = verify(&rt, &desk, secrets.clone(), Due::Unchecked);
    assert_eq!(report.receipts.len(), slugs.len(), "{report:#?}");
    for r in &report.receipts {
        assert_eq!(r.state, ReceiptState::Verified, "{r:#?}");
    }

    let file = |slug: &str| site.path().join(format!("compare/{slug}/index.html"));
    let html = std::fs::read_to_string(file(&slugs[0])).unwrap();
    // A figure edited by hand: the first figure of the first card.
    let at = html.find("<dd>").unwrap() + 4;
    let end = at + html[at..].find("</dd>").unwrap();
    let figure = html[at..end].to_string();
    let edited = format!("{}99.9%{}", &html[..at], &html[end..]);
    std::fs::write(file(&slugs[0]), &edited).unwrap();
    std::fs::remove_file(file(&slugs[1])).unwrap();
    let before: Vec<_> = walk(site.path());

    let report = verify(&rt, &desk, secrets.clone(), Due::All);
    let r = receipt(&report, &slugs[0]);
    assert_eq!(r.state, ReceiptState::Differs, "{r:#?}");
    assert!(
        said(r).contains(
            &format!("a figure reads “99.9%” on the folder where the desk has “{figure}”").as_str()
        ),
        "{:?}",
        said(r)
    );
    let r = receipt(&report, &slugs[1]);
    assert_eq!(r.state, ReceiptState::Missing, "{r:#?}");
    assert_eq!(said(r), ["the page is gone from the folder"]);
    assert_eq!(receipt(&report, &slugs[2]).state, ReceiptState::Verified);
    assert_eq!(
        walk(site.path()),
        before,
        "verifying wrote nothing to the folder"
    );
}

/// Every file under `dir` with its bytes.
fn walk(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// An address that answers every request with bytes that are not a page.
fn garbage_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 12\r\nConnection: close\r\n\r\n\x00\x01<<garbage\xff",
            );
        }
    });
    format!("http://127.0.0.1:{port}/p/{{slug}}/")
}

#[test]
fn a_public_address_that_answers_garbage_is_a_difference_not_a_hang() {
    let mut config = Config::new(TOKEN);
    config.public_base = Some(garbage_server());
    let server = verdict_pageserver::start_in_thread(config).unwrap();
    let (_dir, desk, slugs) = desk_with_pages(3);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let target = TargetConfig {
        name: "junk".into(),
        kind: TargetKind::Http,
        url: server.url(),
        user: None,
    };
    desk.add_target("publisher", &target, Some(TOKEN), secrets.as_ref())
        .unwrap();
    let rt = runtime();
    publish(&rt, &desk, "junk", secrets.clone());
    let started = Instant::now();
    let report = verify(&rt, &desk, secrets, Due::All);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(report.receipts.len(), slugs.len());
    for r in &report.receipts {
        assert_eq!(r.state, ReceiptState::Differs, "{r:#?}");
        let words = said(r);
        assert!(
            words[0].starts_with("readers get something other than what the page server stores"),
            "{words:?}"
        );
        assert!(
            words
                .iter()
                .any(|s| s.starts_with("readers see the title “”")),
            "{words:?}"
        );
    }
}
