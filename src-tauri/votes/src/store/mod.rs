//! The votes on disk, written by one thread that commits the votes waiting together in one
//! transaction (group commit) before any of them is answered: SQLite (WAL, `synchronous=FULL`,
//! `sqlite.rs`) by default, PostgreSQL (`postgres.rs`) for several services sharing a database.

mod checkpoint;
mod postgres;
mod sqlite;

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio::sync::{mpsc, oneshot};

/// Votes committed together at most; a larger queue is taken in several transactions.
const BATCH: usize = 512;

/// A comparison page that takes votes, as the desk last sent it (`PUT /pages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub slug: String,
    /// The tools' slugs, the buttons of its form.
    pub tools: Vec<String>,
    /// The page's public address, where a vote sent from a form is redirected back to.
    #[serde(default)]
    pub url: Option<String>,
    /// Its other addresses (the same page on other targets, e.g. a WordPress mirror): a
    /// reader whose browser names one's origin (`Origin`) is sent back there instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
}

impl Page {
    /// Where to send back a reader whose form came from `origin`: the address on that
    /// origin, else the page's main address, else any.
    pub fn back_to(&self, origin: Option<&str>) -> Option<&str> {
        let all = || self.url.iter().chain(&self.urls).map(String::as_str);
        origin
            .and_then(|o| all().find(|u| origin_of(u) == Some(o)))
            .or(self.url.as_deref())
            .or_else(|| all().next())
    }
}

/// `scheme://host[:port]` of an absolute address, as a browser's `Origin` header says it.
fn origin_of(url: &str) -> Option<&str> {
    let rest = url.find("://")? + 3;
    let end = url[rest..].find('/').map_or(url.len(), |i| rest + i);
    Some(&url[..end])
}

/// One reader's vote, as the HTTP layer hands it over.
#[derive(Debug, Clone)]
pub struct Ballot {
    pub page: String,
    pub tool: String,
    /// The voter id of a valid cookie the reader sent, if any.
    pub voter: Option<String>,
    /// The reader's address: hashed here with the day's salt, never written as such.
    pub address: IpAddr,
}

/// What a vote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// The reader's first vote on the page.
    New,
    /// The reader had voted for another tool; the vote moved.
    Changed,
    /// The reader had already voted for this tool.
    Unchanged,
}

#[derive(Debug, Clone)]
pub struct Voted {
    /// The reader's voter id (for the cookie): the one sent, or the one found by address.
    pub voter: String,
    pub counted: Counted,
}

/// The vote rules both stores follow, apart from how they read and write: what a ballot
/// does once the reader's vote on the page is looked up (by the cookie's voter id; without
/// one, by today's address hash, latest first).
enum Step {
    /// Nothing to write: the reader already votes for this tool.
    Done(Voted),
    /// The reader's vote moves to the ballot's tool.
    Move { voter: String },
    /// A new reader: counted if the address has room today ([`Ballot::admit`]).
    Count,
}

impl Ballot {
    /// What the ballot does, given the reader's vote found as (voter, tool).
    fn step(&self, found: Option<(String, String)>) -> Step {
        match found {
            Some((voter, tool)) if tool == self.tool => Step::Done(Voted {
                voter,
                counted: Counted::Unchanged,
            }),
            Some((voter, _)) => Step::Move { voter },
            None => Step::Count,
        }
    }

    /// A new reader's voter id (the cookie's, or a fresh one), unless `readers` different
    /// readers from this address already voted on the page today.
    fn admit(&self, readers: i64, max_voters: u32) -> Result<String, StoreError> {
        if readers >= i64::from(max_voters) {
            return Err(StoreError::TooManyVoters(max_voters));
        }
        Ok(self.voter.clone().unwrap_or_else(new_voter_id))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} different readers from this address have voted on this page today")]
    TooManyVoters(u32),
    #[error("storage: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("storage: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// The database is not what this service made, or a batch failed as a whole.
    #[error("storage: {0}")]
    Broken(String),
    #[error("the service is stopping")]
    Stopping,
}

/// One tally line of `GET /votes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub comparison: String,
    pub tool: String,
    pub votes: u64,
}

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

enum Command {
    Vote(Ballot, Reply<Voted>),
    Pages(Reply<Vec<Page>>),
    SetPages(Vec<Page>, Reply<()>),
    Tallies(Reply<Vec<Tally>>),
    Ping(Reply<()>),
    Stop(oneshot::Sender<()>),
}

/// The handle the HTTP layer holds; cheap to share.
pub struct Store {
    commands: mpsc::UnboundedSender<Command>,
    writer: Mutex<Option<JoinHandle<()>>>,
    pages: RwLock<HashMap<String, Page>>,
    /// When the pages were last read again from the database (see [`Store::refresh_pages`]).
    refreshed: Mutex<Instant>,
    cookie_key: [u8; 32],
}

/// How often a vote for an unknown page may make the service read the pages again.
const REFRESH_EVERY: Duration = Duration::from_secs(2);

impl Store {
    /// Opens (or creates) the SQLite database and starts its writer thread.
    pub fn open(path: &Path, max_voters_per_address: u32) -> Result<Arc<Store>, StoreError> {
        let path = path.to_path_buf();
        Store::start(move || {
            let (backend, key) = sqlite::Sqlite::open(&path, max_voters_per_address)?;
            Ok((Box::new(backend) as Box<dyn Backend>, key))
        })
    }

    /// Connects to PostgreSQL (`url`), creates the tables it lacks and starts the writer.
    /// Several services may share one database (behind a load balancer).
    pub fn open_postgres(url: &str, max_voters_per_address: u32) -> Result<Arc<Store>, StoreError> {
        let url = url.to_string();
        Store::start(move || {
            let (backend, key) = postgres::Postgres::open(&url, max_voters_per_address)?;
            Ok((Box::new(backend) as Box<dyn Backend>, key))
        })
    }

    /// Starts the writer thread, which opens the database with `open` (on the thread: the
    /// PostgreSQL client runs its own runtime there, outside the server's) and reads the pages.
    fn start(
        open: impl FnOnce() -> Result<(Box<dyn Backend>, [u8; 32]), StoreError> + Send + 'static,
    ) -> Result<Arc<Store>, StoreError> {
        let (commands, rx) = mpsc::unbounded_channel();
        let (opened_tx, opened) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("votes-writer".into())
            .spawn(move || {
                let ready = open().and_then(|(mut backend, key)| {
                    let pages = backend.pages()?;
                    Ok((backend, key, pages))
                });
                match ready {
                    Ok((mut backend, key, pages)) => {
                        let _ = opened_tx.send(Ok((key, pages)));
                        run(backend.as_mut(), rx);
                    }
                    Err(e) => {
                        let _ = opened_tx.send(Err(e));
                    }
                }
            })
            .map_err(|e| StoreError::Broken(format!("cannot start the writer thread: {e}")))?;
        let (cookie_key, pages) = opened
            .recv()
            .map_err(|_| StoreError::Broken("the writer thread ended while opening".into()))??;
        Ok(Arc::new(Store {
            commands,
            writer: Mutex::new(Some(thread)),
            pages: RwLock::new(pages.into_iter().map(|p| (p.slug.clone(), p)).collect()),
            // Just read; yet the first unknown page may read them again at once.
            refreshed: Mutex::new(
                Instant::now()
                    .checked_sub(REFRESH_EVERY)
                    .unwrap_or_else(Instant::now),
            ),
            cookie_key,
        }))
    }

    /// The key of the voter cookies' signatures (kept in the database, so cookies outlive
    /// restarts).
    pub fn cookie_key(&self) -> &[u8; 32] {
        &self.cookie_key
    }

    /// The page `slug`, if the desk has sent it.
    pub fn page(&self, slug: &str) -> Option<Page> {
        self.pages.read().expect("pages lock").get(slug).cloned()
    }

    async fn ask<T>(&self, make: impl FnOnce(Reply<T>) -> Command) -> Result<T, StoreError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(make(tx))
            .map_err(|_| StoreError::Stopping)?;
        rx.await.map_err(|_| StoreError::Stopping)?
    }

    /// Records a vote; answers once it is committed to disk.
    pub async fn vote(&self, ballot: Ballot) -> Result<Voted, StoreError> {
        self.ask(|r| Command::Vote(ballot, r)).await
    }

    /// Reads the pages again from the database, when the last read is older than
    /// [`REFRESH_EVERY`]: another service sharing the database may have been sent new ones.
    /// Answers whether it read them.
    pub async fn refresh_pages(&self) -> Result<bool, StoreError> {
        {
            let mut last = self.refreshed.lock().expect("refresh lock");
            if last.elapsed() < REFRESH_EVERY {
                return Ok(false);
            }
            *last = Instant::now();
        }
        let pages = self.ask(Command::Pages).await?;
        *self.pages.write().expect("pages lock") =
            pages.into_iter().map(|p| (p.slug.clone(), p)).collect();
        Ok(true)
    }

    /// Replaces the pages that take votes (votes of pages no longer listed are kept).
    pub async fn set_pages(&self, pages: Vec<Page>) -> Result<(), StoreError> {
        let map = pages.iter().map(|p| (p.slug.clone(), p.clone())).collect();
        self.ask(|r| Command::SetPages(pages, r)).await?;
        *self.pages.write().expect("pages lock") = map;
        Ok(())
    }

    /// Every page's tally per tool, a listed page's tools with no votes as 0.
    pub async fn tallies(&self) -> Result<Vec<Tally>, StoreError> {
        let counted = self.ask(Command::Tallies).await?;
        let mut all: BTreeMap<(String, String), u64> = BTreeMap::new();
        for page in self.pages.read().expect("pages lock").values() {
            for tool in &page.tools {
                all.insert((page.slug.clone(), tool.clone()), 0);
            }
        }
        for t in counted {
            all.insert((t.comparison, t.tool), t.votes);
        }
        Ok(all
            .into_iter()
            .map(|((comparison, tool), votes)| Tally {
                comparison,
                tool,
                votes,
            })
            .collect())
    }

    /// Checks the writer is alive and the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.ask(Command::Ping).await
    }

    /// Commits what is queued, checkpoints (SQLite's WAL) and ends the writer thread.
    pub async fn stop(&self) {
        let (tx, rx) = oneshot::channel();
        if self.commands.send(Command::Stop(tx)).is_ok() {
            let _ = rx.await;
        }
        let thread = self.writer.lock().expect("writer lock").take();
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

fn random_bytes() -> [u8; 32] {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    b
}

/// A fresh voter id: 128 random bits in hex.
pub fn new_voter_id() -> String {
    hex::encode(&random_bytes()[..16])
}

/// The keyed hash of an address with the day's salt: what is stored instead of the address.
fn address_hash(salt: &[u8; 32], address: IpAddr) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(salt).expect("any key length");
    mac.update(address.to_string().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// What a database does for the writer thread.
trait Backend: Send {
    /// One batch of votes in one transaction: each vote's result (a refused vote wrote
    /// nothing), or `Err` when the transaction as a whole did not commit.
    fn votes(&mut self, batch: &[Ballot]) -> Result<Vec<Result<Voted, StoreError>>, StoreError>;
    fn pages(&mut self) -> Result<Vec<Page>, StoreError>;
    fn set_pages(&mut self, pages: &[Page]) -> Result<(), StoreError>;
    fn tallies(&mut self) -> Result<Vec<Tally>, StoreError>;
    fn ping(&mut self) -> Result<(), StoreError>;
    /// Called once, after the last command.
    fn close(&mut self);
}

/// The writer thread: takes the commands in order; the votes that wait together go in one
/// transaction, and each is answered only after it committed.
fn run(backend: &mut dyn Backend, mut rx: mpsc::UnboundedReceiver<Command>) {
    let mut next = None;
    loop {
        let command = match next.take() {
            Some(c) => c,
            None => match rx.blocking_recv() {
                Some(c) => c,
                None => return backend.close(),
            },
        };
        match command {
            Command::Vote(ballot, reply) => {
                let mut batch = vec![(ballot, reply)];
                while batch.len() < BATCH {
                    match rx.try_recv() {
                        Ok(Command::Vote(b, r)) => batch.push((b, r)),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                let (ballots, replies): (Vec<Ballot>, Vec<Reply<Voted>>) =
                    batch.into_iter().unzip();
                match backend.votes(&ballots) {
                    Ok(results) => {
                        for (reply, result) in replies.into_iter().zip(results) {
                            let _ = reply.send(result);
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %e, votes = ballots.len(), "votes not committed");
                        let message = e.to_string();
                        for reply in replies {
                            let _ = reply.send(Err(StoreError::Broken(message.clone())));
                        }
                    }
                }
            }
            Command::Pages(reply) => {
                let _ = reply.send(backend.pages());
            }
            Command::SetPages(pages, reply) => {
                let _ = reply.send(backend.set_pages(&pages));
            }
            Command::Tallies(reply) => {
                let _ = reply.send(backend.tallies());
            }
            Command::Ping(reply) => {
                let _ = reply.send(backend.ping());
            }
            Command::Stop(done) => {
                // Everything sent before the stop was taken above, in order.
                backend.close();
                let _ = done.send(());
                return;
            }
        }
    }
}
