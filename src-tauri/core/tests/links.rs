//! The link check (issue 30) against local servers only: HEAD then GET when HEAD is refused,
//! one request at a time per host, a hanging host costing one timeout, the results cached
//! with their date and shown as warnings in the page's checks.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use verdict_core::facts::check::{check_links, LinkCheckOptions, LinkState};
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const SCOUT: &str = "llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

/// A tiny HTTP server: `/ok*` 200, `/gone*` 404, `/nohead*` 405 to HEAD and 200 to GET,
/// `/hang*` never answers. It logs every request and the most it served at once.
struct Server {
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    most_at_once: Arc<AtomicUsize>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let now = Arc::new(AtomicUsize::new(0));
        let (l, m) = (log.clone(), most_at_once.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (l, m, now) = (l.clone(), m.clone(), now.clone());
                std::thread::spawn(move || serve(stream, &l, &m, &now));
            }
        });
        Server {
            base,
            log,
            most_at_once,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<String>>, most: &AtomicUsize, now: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    log.lock().unwrap().push(format!("{method} {path}"));
    let at_once = now.fetch_add(1, Ordering::SeqCst) + 1;
    most.fetch_max(at_once, Ordering::SeqCst);
    let status = if path.starts_with("/hang") {
        std::thread::sleep(Duration::from_secs(30));
        "200 OK"
    } else if path.starts_with("/gone") {
        "404 Not Found"
    } else if path.starts_with("/nohead") && method == "HEAD" {
        "405 Method Not Allowed"
    } else {
        std::thread::sleep(Duration::from_millis(30));
        "200 OK"
    };
    now.fetch_sub(1, Ordering::SeqCst);
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn options() -> LinkCheckOptions {
    LinkCheckOptions {
        concurrency: 4,
        timeout: Duration::from_millis(800),
        host_delay: Duration::from_millis(20),
        reuse_within: None,
    }
}

#[test]
fn head_then_get_one_at_a_time_per_host_and_a_hanging_host_costs_one_timeout() {
    let (a, b) = (Server::start(), Server::start());
    let urls = vec![
        a.url("/ok1"),
        a.url("/gone"),
        a.url("/nohead"),
        b.url("/hang1"),
        a.url("/ok2"),
        b.url("/hang2"),
        a.url("/ok1"),
    ];
    let started = Instant::now();
    let results = runtime().block_on(check_links(&urls, &options()));
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(800 * 2 + 700),
        "the hanging host held the check for {took:?}"
    );
    let found: Vec<(&str, LinkState, Option<u16>)> = results
        .iter()
        .map(|r| (r.url.rsplit('/').next().unwrap(), r.state, r.status))
        .collect();
    assert_eq!(
        found,
        [
            ("ok1", LinkState::Ok, Some(200)),
            ("gone", LinkState::Broken, Some(404)),
            ("nohead", LinkState::Ok, Some(200)),
            ("hang1", LinkState::Unreachable, None),
            ("ok2", LinkState::Ok, Some(200)),
            ("hang2", LinkState::Unreachable, None),
        ],
        "each link once, in the order given"
    );
    assert_eq!(results[1].said, "answers 404 Not Found");
    assert!(
        results[3].said.contains("did not answer within"),
        "{results:?}"
    );
    assert!(results[5].said.contains("not asked"), "{results:?}");
    let asked = a.requests();
    assert!(asked.contains(&"HEAD /nohead".to_string()), "{asked:?}");
    assert!(asked.contains(&"GET /nohead".to_string()), "{asked:?}");
    assert!(
        !asked.contains(&"GET /ok1".to_string()),
        "HEAD was enough: {asked:?}"
    );
    assert_eq!(asked.len(), 5, "{asked:?}");
    assert_eq!(a.most_at_once.load(Ordering::SeqCst), 1, "polite to a host");
    assert_eq!(b.requests(), ["HEAD /hang1"], "the silent host asked once");
}

#[test]
fn a_pages_broken_links_are_cached_with_their_date_and_warned_about() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    for (slug, docs) in [(SCOUT, "/gone-docs"), (HAIKU, "/ok-docs")] {
        let mut tool = desk.tool(slug).unwrap();
        tool.links.homepage = Some(server.url(&format!("/ok-{slug}")));
        tool.links.weights = None;
        tool.links.docs = Some(server.url(docs));
        tool.facts.license.source = Some(server.url("/nohead-license"));
        tool.description = format!(
            "{} See [the notes]({}).",
            tool.description,
            server.url("/gone-notes")
        );
        desk.save_tool("editor", &tool).unwrap();
    }
    let rt = runtime();
    let report = rt
        .block_on(desk.check_links(Some(SLUG), options()))
        .unwrap();
    assert!(report.links.iter().all(|l| l.url.starts_with(&server.base)));
    assert!(report.links.iter().all(|l| !l.cached));
    let broken: Vec<(&str, Option<u16>)> = report
        .links
        .iter()
        .filter(|l| l.state == LinkState::Broken)
        .map(|l| (l.field.as_str(), l.status))
        .collect();
    assert_eq!(
        broken,
        [
            ("tool:claude-haiku-open-weights.description", Some(404)),
            ("tool:llama-4-scout-quantized.links.docs", Some(404)),
            ("tool:llama-4-scout-quantized.description", Some(404)),
        ]
    );
    assert_eq!(report.problems(), 3);
    // The same link on two tools was asked for once.
    let asked = server.requests();
    assert_eq!(
        asked
            .iter()
            .filter(|r| r.as_str() == "HEAD /gone-notes")
            .count(),
        1,
        "{asked:?}"
    );

    // The page's checks say so, from the cache, with the status.
    let page = desk.comparison(SLUG).unwrap();
    let checks = desk.preview_draft(&page).unwrap().checks;
    let docs = checks
        .iter()
        .find(|c| c.field == "tool:llama-4-scout-quantized.links.docs")
        .expect("the broken docs link is a check");
    assert_eq!(docs.code, "link_broken");
    assert_eq!(docs.severity, verdict_core::checks::Severity::Warning);
    assert!(
        docs.message
            .starts_with("Llama 4 Scout Quantized's docs link (http://")
            && docs.message.contains("answers 404 Not Found (checked "),
        "{}",
        docs.message
    );

    // Checked again within a day: from the cache, nothing asked.
    let before = server.requests().len();
    let again = LinkCheckOptions {
        reuse_within: Some(Duration::from_secs(3600)),
        ..options()
    };
    let cached = rt.block_on(desk.check_links(Some(SLUG), again)).unwrap();
    assert!(cached.links.iter().all(|l| l.cached));
    assert_eq!(cached.links.len(), report.links.len());
    assert_eq!(server.requests().len(), before);

    // Fixed, and checked anew: the warning goes.
    let mut scout = desk.tool(SCOUT).unwrap();
    scout.links.docs = Some(server.url("/ok-docs"));
    desk.save_tool("editor", &scout).unwrap();
    rt.block_on(desk.check_links(Some(SLUG), options()))
        .unwrap();
    let checks = desk.preview_draft(&page).unwrap().checks;
    assert!(!checks
        .iter()
        .any(|c| c.field == "tool:llama-4-scout-quantized.links.docs"));
}
