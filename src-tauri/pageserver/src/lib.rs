//! Reference server for **Verdict Page API v1** (`docs/publishing-api.md`).
//!
//! A real HTTP/1.1 server (hyper, keep-alive, many concurrent connections) that keeps every
//! page, idempotency record and vote tally in memory. It exists so the publishing client can
//! be tested and benchmarked against something that behaves like the real website, including
//! the unpleasant parts: seeded, reproducible **fault injection** (500s, lost responses,
//! dropped connections, slow and hanging requests) and **remote edits** that make the
//! client's `If-Match` stale.
//!
//! ```no_run
//! use verdict_pageserver::{start_in_thread, Config, FaultKind, Faults};
//!
//! let mut config = Config::new("secret");
//! config.faults = Faults::new(0.3, 7, vec![FaultKind::ServerErrorAfterWrite, FaultKind::Reset]);
//! let server = start_in_thread(config).unwrap();
//! println!("API at {}", server.url()); // http://127.0.0.1:PORT/
//! // ... run the client against server.url() with token "secret" ...
//! assert!(server.stats().by_slug_writes.values().all(|&n| n == 1));
//! server.stop();
//! ```
//!
//! Everything the server does is described by the API document; fault injection is a test
//! feature on top of it and is not part of the API.

mod api;
mod faults;
mod features;
mod server;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use api::{is_valid_slug, BODY_LIMIT, IDEMPOTENCY_TTL, MAX_SLUG_LEN, MEDIA_LIMIT};
pub use faults::{FaultKind, Faults};
pub use features::{parse_list as parse_features, Feature, API_VERSION};

/// Server configuration. Build it with [`Config::new`] and adjust the public fields.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on. Default `127.0.0.1:0` (an ephemeral port; read the real one
    /// from [`Handle::addr`] / [`Handle::url`]).
    pub addr: SocketAddr,
    /// The bearer token every API request must carry (`Authorization: Bearer <token>`).
    pub token: String,
    /// Base of the public page URLs reported in the `url` field of a page resource.
    /// A `{slug}` placeholder is substituted; otherwise `{slug}/` is appended (after a `/`
    /// if the base lacks one). Default (`None`): the server's own URL + `p/{slug}/`, where
    /// the server also serves each page's HTML without authentication.
    pub public_base: Option<String>,
    /// Fault injection; [`Faults::default`] injects nothing.
    pub faults: Faults,
    /// The optional features offered (listed by `GET /`). Default: all of them. Empty makes
    /// the server behave as one written to the first version of the document: `GET /` has
    /// no `features` field, pages have no `share_card` field and the card route is unknown.
    pub features: Vec<Feature>,
}

impl Config {
    /// Listen on `127.0.0.1:0`, accept `token`, no public base, no faults, every feature.
    pub fn new(token: impl Into<String>) -> Self {
        Config {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            token: token.into(),
            public_base: None,
            faults: Faults::default(),
            features: Feature::all(),
        }
    }
}

/// A page as the server stores it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredPage {
    /// URL slug (`^[a-z0-9]+(-[a-z0-9]+)*$`).
    pub slug: String,
    /// Page title.
    pub title: String,
    /// The client's content hash, stored verbatim (a remote edit sets `remote:<sha256 hex>`).
    pub content_hash: String,
    /// Current strong etag, quotes included (`"<seq>-<16 hex>"`).
    pub etag: String,
    /// Full HTML document.
    pub html: String,
    /// Structured page (always a JSON object).
    pub page: serde_json::Value,
    /// Time of the last write.
    pub updated_at: DateTime<Utc>,
    /// Per-page revision: 1 after the create, +1 per update or remote edit.
    pub revision: u64,
    /// The page's share card, once the client sent one (`PUT /pages/{slug}/share-card`).
    pub share_card: Option<StoredCard>,
}

/// A share card as the server stores it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredCard {
    /// The client's hash of the card, stored verbatim.
    pub content_hash: String,
    /// The PNG as sent.
    #[serde(skip)]
    pub png: bytes::Bytes,
}

/// An image file as the server stores it (feature `media`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredMedia {
    /// The SHA-256 of the image's original, as its address names it.
    pub hash: String,
    /// The file's name (`original.png`, `640w.webp`).
    pub name: String,
    /// Its type, from the name's extension.
    pub mime: &'static str,
    /// The SHA-256 of these bytes.
    pub sha256: String,
    /// The file as sent.
    #[serde(skip)]
    pub body: bytes::Bytes,
}

/// Request counters since start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Every HTTP request received (faulted, rejected and public `/p/` requests included).
    pub requests: u64,
    /// Successful creates (201), replays excluded.
    pub creates: u64,
    /// Successful updates (200), replays excluded.
    pub updates: u64,
    /// Successful deletes (204), replays excluded.
    pub deletes: u64,
    /// Responses replayed from the idempotency store.
    pub replays: u64,
    /// Injected faults (all kinds, `slow` included).
    pub faults: u64,
    /// 412 responses produced (replays excluded).
    pub rejected_412: u64,
    /// Share cards stored (replays excluded).
    pub cards: u64,
    /// Media files written (created or replaced by other bytes); a PUT answered 412 or one
    /// that sent the same bytes again writes nothing.
    pub media_writes: u64,
    /// Media writes per `{hash}/{name}`: a file stored once has `1`.
    pub by_media_writes: HashMap<String, u64>,
    /// Successful writes (create + update + delete) per slug, replays and remote edits
    /// excluded: a page created exactly once and never updated has `1`.
    pub by_slug_writes: HashMap<String, u64>,
}

static LOG_REQUESTS: AtomicBool = AtomicBool::new(false);

/// Process-wide switch: log one line per request to stderr (off by default; the binary
/// turns it on).
pub fn set_request_logging(enabled: bool) {
    LOG_REQUESTS.store(enabled, Ordering::Relaxed);
}

fn logging() -> bool {
    LOG_REQUESTS.load(Ordering::Relaxed)
}

/// Cheap, cloneable view of a running server: inspection and test controls.
///
/// [`Running`] and [`RunningThread`] dereference to it, so `server.pages()` etc. work on
/// both; clone it (via [`Running::handle`] / [`RunningThread::handle`]) to use it elsewhere.
#[derive(Clone)]
pub struct Handle {
    shared: Arc<api::Shared>,
    addr: SocketAddr,
    url: String,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle").field("url", &self.url).finish()
    }
}

impl Handle {
    fn state(&self) -> MutexGuard<'_, api::State> {
        self.shared.lock()
    }

    /// The API base URL, e.g. `http://127.0.0.1:8787/` (always ends in `/`; an unspecified
    /// listen address is reported as loopback).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// All stored pages, sorted by slug.
    pub fn pages(&self) -> Vec<StoredPage> {
        self.state().pages.values().cloned().collect()
    }

    /// One stored page.
    pub fn page(&self, slug: &str) -> Option<StoredPage> {
        self.state().pages.get(slug).cloned()
    }

    /// Every stored media file (feature `media`), by `{hash}/{name}`.
    pub fn media(&self) -> Vec<StoredMedia> {
        self.state().media.values().cloned().collect()
    }

    /// The public URL of a media file (`media/{hash}/{name}` beside the public pages' folder).
    pub fn media_url(&self, hash: &str, name: &str) -> String {
        self.shared.media_url(hash, name)
    }

    /// The public URL the server reports for `slug`.
    pub fn page_url(&self, slug: &str) -> String {
        self.shared.page_url(slug)
    }

    /// Counters since start.
    pub fn stats(&self) -> Stats {
        self.state().stats.clone()
    }

    /// Simulate someone editing the page on the website: sets the title (and the page JSON's
    /// top-level `"title"` if it is a string), rewrites the HTML (old title text replaced,
    /// an edit marker added), sets `content_hash` to `remote:<sha256 hex>`, bumps the
    /// revision and the etag. Not counted in [`Stats`]. Returns the new page, or `None`
    /// when the slug does not exist.
    pub fn edit_remote(&self, slug: &str, new_title: &str) -> Option<StoredPage> {
        self.state().edit_remote(slug, new_title)
    }

    /// Test switch: someone deletes the page on the website, behind the client's back (the
    /// API answers `404 not_found` for it from now on). Not counted in [`Stats`]. `false`
    /// when there was no such page.
    pub fn delete_remote(&self, slug: &str) -> bool {
        self.state().pages.remove(slug).is_some()
    }

    /// Test switch: a cache in front of the public pages keeps serving `slug` as it is now:
    /// later writes are stored and answered by the API, but `GET /p/{slug}/` keeps giving this
    /// HTML (while the page exists). `false` when there is no such page.
    pub fn stale_public(&self, slug: &str) -> bool {
        let mut state = self.state();
        let Some(html) = state.pages.get(slug).map(|p| p.html.clone()) else {
            return false;
        };
        state.stale.insert(slug.to_owned(), html);
        true
    }

    /// Replace the vote tallies served by `GET /votes` (`(comparison slug, tool slug,
    /// votes)`) and set `as_of` to now.
    pub fn set_votes<I, C, T>(&self, votes: I)
    where
        I: IntoIterator<Item = (C, T, u64)>,
        C: Into<String>,
        T: Into<String>,
    {
        let votes = votes
            .into_iter()
            .map(|(c, t, v)| (c.into(), t.into(), v))
            .collect();
        self.state().set_votes(votes);
    }

    /// Give the next `kinds.len()` eligible requests these faults, in order, before the
    /// random ones resume (each is counted in [`Stats::faults`]).
    pub fn script_faults(&self, kinds: impl IntoIterator<Item = FaultKind>) {
        self.state().script_faults(kinds);
    }

    /// When each eligible request (a `PUT` or `DELETE`, or any request with
    /// `apply_to_reads`) arrived, in order: method, path and time.
    pub fn write_arrivals(&self) -> Vec<(String, String, std::time::Instant)> {
        self.state().arrivals.clone()
    }

    /// Replace the fault configuration (and reseed the RNG with `faults.seed`).
    pub fn set_faults(&self, faults: Faults) {
        self.state().set_faults(faults);
    }
}

/// A server running on the caller's tokio runtime (see [`start`]).
///
/// Dereferences to [`Handle`]. Dropping it stops accepting connections (like [`stop`]
/// without waiting).
///
/// [`stop`]: Running::stop
pub struct Running {
    handle: Handle,
    shutdown: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for Running {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Running")
            .field("url", &self.handle.url)
            .finish()
    }
}

impl std::ops::Deref for Running {
    type Target = Handle;
    fn deref(&self) -> &Handle {
        &self.handle
    }
}

impl Running {
    /// A cloneable handle to the same server.
    pub fn handle(&self) -> Handle {
        self.handle.clone()
    }

    /// Stop: close the listener, let open connections finish their current request for
    /// up to one second, then drop them. Resolves when the server task has ended.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Start the server on the current tokio runtime (multi-thread recommended). Binds
/// `config.addr` before returning, so the server is reachable as soon as this resolves.
pub async fn start(config: Config) -> io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let url = base_url(addr);
    let shared = Arc::new(api::Shared::new(&config, &url));
    let (shutdown, rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(server::accept_loop(listener, shared.clone(), rx));
    Ok(Running {
        handle: Handle { shared, addr, url },
        shutdown,
        task,
    })
}

/// A server running on its own background thread with its own tokio runtime (see
/// [`start_in_thread`]), for synchronous tests. Dereferences to [`Handle`]. Stops on
/// [`stop`](RunningThread::stop) or drop (both block until the thread has exited, at most
/// about a second).
pub struct RunningThread {
    handle: Handle,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl fmt::Debug for RunningThread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningThread")
            .field("url", &self.handle.url)
            .finish()
    }
}

impl std::ops::Deref for RunningThread {
    type Target = Handle;
    fn deref(&self) -> &Handle {
        &self.handle
    }
}

impl RunningThread {
    /// A cloneable handle to the same server.
    pub fn handle(&self) -> Handle {
        self.handle.clone()
    }

    /// Stop the server and join its thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningThread {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Start the server on a new background thread running its own multi-thread tokio runtime.
/// Returns once the listener is bound.
pub fn start_in_thread(config: Config) -> io::Result<RunningThread> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<io::Result<Handle>>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("verdict-pageserver".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("verdict-pageserver-worker")
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            runtime.block_on(async move {
                match start(config).await {
                    Ok(running) => {
                        let _ = ready_tx.send(Ok(running.handle()));
                        // Stop on request or when the RunningThread is gone.
                        let _ = stop_rx.await;
                        running.stop().await;
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(200));
        })?;
    match ready_rx.recv() {
        Ok(Ok(handle)) => Ok(RunningThread {
            handle,
            stop: Some(stop_tx),
            thread: Some(thread),
        }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            Err(io::Error::other("verdict-pageserver thread exited early"))
        }
    }
}

fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}
