//! The votes on disk: one SQLite file (WAL, `synchronous=FULL`), written by one thread that
//! commits the votes waiting together in one transaction (group commit) before any is answered.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;

use chrono::{NaiveDate, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
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

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} different readers from this address have voted on this page today")]
    TooManyVoters(u32),
    #[error("storage: {0}")]
    Sqlite(#[from] rusqlite::Error),
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
    cookie_key: [u8; 32],
}

impl Store {
    /// Opens (or creates) the database and starts its writer thread.
    pub fn open(path: &Path, max_voters_per_address: u32) -> Result<Arc<Store>, StoreError> {
        let conn = Connection::open(path)?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Broken(format!(
                "{} cannot use WAL (journal mode {mode})",
                path.display()
            )));
        }
        // FULL: a commit is on disk (WAL fsynced) before a vote is answered.
        conn.execute_batch(
            "PRAGMA synchronous=FULL;
             PRAGMA busy_timeout=5000;
             CREATE TABLE IF NOT EXISTS pages (
               slug TEXT PRIMARY KEY, tools TEXT NOT NULL, url TEXT);
             CREATE TABLE IF NOT EXISTS votes (
               page TEXT NOT NULL, voter TEXT NOT NULL, tool TEXT NOT NULL,
               address TEXT, address_day TEXT, at TEXT NOT NULL,
               PRIMARY KEY (page, voter)) WITHOUT ROWID;
             CREATE INDEX IF NOT EXISTS votes_by_address ON votes (page, address_day, address);
             CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL);
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
             PRAGMA user_version = 1;",
        )?;
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('cookie_key', ?1)",
            [random_bytes().to_vec()],
        )?;
        let key: Vec<u8> =
            conn.query_row("SELECT value FROM meta WHERE key = 'cookie_key'", [], |r| {
                r.get(0)
            })?;
        let cookie_key: [u8; 32] = key
            .try_into()
            .map_err(|_| StoreError::Broken("meta.cookie_key is not 32 bytes".into()))?;
        let mut pages = HashMap::new();
        {
            let mut stmt = conn.prepare("SELECT slug, tools, url FROM pages")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })?;
            for row in rows {
                let (slug, tools, url) = row?;
                let tools = serde_json::from_str(&tools).unwrap_or_default();
                pages.insert(slug.clone(), Page { slug, tools, url });
            }
        }
        let (commands, rx) = mpsc::unbounded_channel();
        let mut writer = Writer {
            conn,
            day: None,
            salt: [0; 32],
            max_voters: max_voters_per_address,
        };
        let thread = std::thread::Builder::new()
            .name("votes-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(|e| StoreError::Broken(format!("cannot start the writer thread: {e}")))?;
        Ok(Arc::new(Store {
            commands,
            writer: Mutex::new(Some(thread)),
            pages: RwLock::new(pages),
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

    /// Commits what is queued, checkpoints the WAL and ends the writer thread.
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
    hex(&random_bytes()[..16])
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Writer {
    conn: Connection,
    /// The day `salt` belongs to (UTC).
    day: Option<NaiveDate>,
    salt: [u8; 32],
    max_voters: u32,
}

impl Writer {
    fn run(&mut self, mut rx: mpsc::UnboundedReceiver<Command>) {
        let mut next = None;
        loop {
            let command = match next.take() {
                Some(c) => c,
                None => match rx.blocking_recv() {
                    Some(c) => c,
                    None => return,
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
                    self.votes(batch);
                }
                Command::SetPages(pages, reply) => {
                    let _ = reply.send(self.set_pages(&pages));
                }
                Command::Tallies(reply) => {
                    let _ = reply.send(self.tallies());
                }
                Command::Ping(reply) => {
                    let ok = self
                        .conn
                        .query_row("SELECT 1", [], |_| Ok(()))
                        .map_err(StoreError::from);
                    let _ = reply.send(ok);
                }
                Command::Stop(done) => {
                    // Everything sent before the stop was taken above, in order.
                    if let Err(e) = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)") {
                        tracing::warn!(error = %e, "checkpoint at stop failed");
                    }
                    let _ = done.send(());
                    return;
                }
            }
        }
    }

    /// Makes today's salt current: a new random one each UTC day; yesterday's salt is
    /// deleted and the address hashes made with it are cleared, so they can no longer be
    /// linked to anyone.
    fn rotate(&mut self) -> Result<(), StoreError> {
        let today = Utc::now().date_naive();
        if self.day == Some(today) {
            return Ok(());
        }
        let day = today.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR IGNORE INTO salts (day, salt) VALUES (?1, ?2)",
            params![day, random_bytes().to_vec()],
        )?;
        let salt: Vec<u8> = tx.query_row("SELECT salt FROM salts WHERE day = ?1", [&day], |r| {
            r.get(0)
        })?;
        tx.execute("DELETE FROM salts WHERE day <> ?1", [&day])?;
        tx.execute(
            "UPDATE votes SET address = NULL, address_day = NULL
              WHERE address_day IS NOT NULL AND address_day <> ?1",
            [&day],
        )?;
        tx.commit()?;
        self.salt = salt
            .try_into()
            .map_err(|_| StoreError::Broken("salts.salt is not 32 bytes".into()))?;
        self.day = Some(today);
        Ok(())
    }

    fn address_hash(&self, address: IpAddr) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.salt).expect("any key length");
        mac.update(address.to_string().as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    fn votes(&mut self, batch: Vec<(Ballot, Reply<Voted>)>) {
        let results = self.rotate().and_then(|()| {
            let day = self.day.expect("rotated").to_string();
            let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
            let hashes: Vec<String> = batch
                .iter()
                .map(|(b, _)| self.address_hash(b.address))
                .collect();
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut results = Vec::with_capacity(batch.len());
            for ((ballot, _), hash) in batch.iter().zip(&hashes) {
                results.push(apply(&tx, ballot, hash, &day, &now, self.max_voters));
            }
            tx.commit()?;
            Ok(results)
        });
        match results {
            Ok(results) => {
                for ((_, reply), result) in batch.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, votes = batch.len(), "votes not committed");
                let message = e.to_string();
                for (_, reply) in batch {
                    let _ = reply.send(Err(StoreError::Broken(message.clone())));
                }
            }
        }
    }

    fn set_pages(&mut self, pages: &[Page]) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM pages", [])?;
        for p in pages {
            tx.execute(
                "INSERT INTO pages (slug, tools, url) VALUES (?1, ?2, ?3)",
                params![
                    p.slug,
                    serde_json::to_string(&p.tools).expect("strings"),
                    p.url
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn tallies(&self) -> Result<Vec<Tally>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT page, tool, COUNT(*) FROM votes GROUP BY page, tool")?;
        let rows = stmt.query_map([], |r| {
            Ok(Tally {
                comparison: r.get(0)?,
                tool: r.get(1)?,
                votes: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// One vote inside the batch's transaction. Nothing is written when it is refused.
fn apply(
    tx: &Connection,
    ballot: &Ballot,
    address: &str,
    day: &str,
    now: &str,
    max_voters: u32,
) -> Result<Voted, StoreError> {
    // The reader is known by the cookie; without one, by today's address hash (a reader who
    // cleared cookies, or a script that never keeps them, changes the vote it gave today).
    let existing: Option<(String, String)> = match &ballot.voter {
        Some(voter) => tx
            .prepare_cached("SELECT voter, tool FROM votes WHERE page = ?1 AND voter = ?2")?
            .query_row(params![ballot.page, voter], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        None => tx
            .prepare_cached(
                "SELECT voter, tool FROM votes WHERE page = ?1 AND address_day = ?2
                   AND address = ?3 ORDER BY at DESC LIMIT 1",
            )?
            .query_row(params![ballot.page, day, address], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?,
    };
    if let Some((voter, tool)) = existing {
        if tool == ballot.tool {
            return Ok(Voted {
                voter,
                counted: Counted::Unchanged,
            });
        }
        tx.prepare_cached(
            "UPDATE votes SET tool = ?3, address = ?4, address_day = ?5, at = ?6
              WHERE page = ?1 AND voter = ?2",
        )?
        .execute(params![ballot.page, voter, ballot.tool, address, day, now])?;
        return Ok(Voted {
            voter,
            counted: Counted::Changed,
        });
    }
    let readers: i64 = tx
        .prepare_cached(
            "SELECT COUNT(*) FROM votes WHERE page = ?1 AND address_day = ?2 AND address = ?3",
        )?
        .query_row(params![ballot.page, day, address], |r| r.get(0))?;
    if readers >= i64::from(max_voters) {
        return Err(StoreError::TooManyVoters(max_voters));
    }
    let voter = ballot.voter.clone().unwrap_or_else(new_voter_id);
    tx.prepare_cached(
        "INSERT INTO votes (page, voter, tool, address, address_day, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![ballot.page, voter, ballot.tool, address, day, now])?;
    Ok(Voted {
        voter,
        counted: Counted::New,
    })
}
