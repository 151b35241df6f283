//! `verdict-votes-bench`: load benchmark of the vote service on loopback (docs/benchmarks.md,
//! "Reader votes"). VOTERS concurrent readers, each on its own keep-alive connection, post form
//! votes for SECONDS; prints votes/s and latency percentiles, and checks that every answered
//! vote is in the tallies. The service runs in this process on its own two-thread runtime and
//! a real socket, on a temporary SQLite database (WAL, synchronous=FULL), behind a "trusted
//! proxy" so each vote comes from an address of its own: every vote is a new reader (the
//! insert path, the most work a vote can be).
//!
//! `cargo run --release -p verdict-votes --bin verdict-votes-bench -- [VOTERS] [SECONDS] [DIR]`
//! (DIR: where the database goes; default a temporary folder under /tmp.)

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TOKEN: &str = "bench-token-0123456789";
const PAGES: u64 = 100;

fn main() {
    let mut args = std::env::args().skip(1);
    let voters: usize = args.next().map_or(64, |a| a.parse().expect("VOTERS"));
    let seconds: u64 = args.next().map_or(10, |a| a.parse().expect("SECONDS"));
    let dir = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(format!("verdict-votes-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("database folder");

    let server = runtime();
    let mut config = verdict_votes::Config::new(dir.join("votes.sqlite3"), TOKEN);
    config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    config.rate_limit_per_minute = 1_000_000;
    let running = server
        .block_on(verdict_votes::start(config))
        .expect("start");
    let addr = running.addr();

    let (mut latencies, elapsed, stored) = runtime().block_on(async move {
        let pages: Vec<String> = (0..PAGES)
            .map(|i| format!(r#"{{"slug":"page-{i}","tools":["tool-0","tool-1"],"url":"https://example.com/p/"}}"#))
            .collect();
        let mut c = Conn::open(addr).await;
        let (status, _) = c
            .send("PUT", "/pages", &[("authorization", &format!("Bearer {TOKEN}")), ("content-type", "application/json")], &format!(r#"{{"pages":[{}]}}"#, pages.join(",")))
            .await;
        assert_eq!(status, 200);
        let next = Arc::new(AtomicU64::new(0));
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..voters {
            let next = next.clone();
            tasks.push(tokio::spawn(async move {
                let mut c = Conn::open(addr).await;
                let mut lat = Vec::new();
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let from = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
                    let sent = Instant::now();
                    let (status, _) = c
                        .send(
                            "POST",
                            &format!("/v/page-{}", n % PAGES),
                            &[("content-type", "application/x-www-form-urlencoded"), ("accept", "application/json"), ("x-forwarded-for", &from)],
                            &format!("website=&tool=tool-{}", n % 2),
                        )
                        .await;
                    assert_eq!(status, 200, "vote {n}");
                    lat.push(sent.elapsed());
                }
                lat
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let elapsed = started.elapsed();
        // A new connection: the first one idled through the run, and the service closes a
        // connection that sends no request for 10 s.
        let mut c = Conn::open(addr).await;
        let (status, body) = c
            .send("GET", "/votes", &[("authorization", &format!("Bearer {TOKEN}"))], "")
            .await;
        assert_eq!(status, 200);
        let tallies: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let stored: u64 = tallies["votes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["votes"].as_u64().unwrap())
            .sum();
        (all, elapsed, stored)
    });
    server.block_on(running.stop());
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        stored,
        latencies.len() as u64,
        "every answered vote is counted"
    );
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{voters} voters, {:.1} s: {} votes, {:.0} votes/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; all {stored} counted",
        elapsed.as_secs_f64(),
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(*latencies.last().unwrap()),
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// One keep-alive HTTP/1.1 connection, written by hand so the client costs little.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: std::net::SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).unwrap();
        Conn {
            stream,
            buf: Vec::with_capacity(4096),
        }
    }

    /// Sends a request, reads the whole answer: `(status, body)`.
    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, Vec<u8>) {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nhost: bench\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.stream.write_all(req.as_bytes()).await.expect("write");
        self.buf.clear();
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buf[..end]).expect("head");
                let status: u16 = head[9..12].parse().expect("status");
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .expect("content-length");
                while self.buf.len() < end + 4 + length {
                    let n = self.stream.read(&mut chunk).await.expect("read");
                    assert!(n > 0, "closed mid-answer");
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                return (status, self.buf[end + 4..end + 4 + length].to_vec());
            }
            let n = self.stream.read(&mut chunk).await.expect("read");
            assert!(n > 0, "closed before the answer");
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
