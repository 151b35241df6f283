//! SQLite storage: one file in WAL with `synchronous=FULL`, so a committed vote is on disk.

use std::path::Path;

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::checkpoint::Checkpointer;
use super::{
    address_hash, random_bytes, Backend, Ballot, Counted, Page, Step, StoreError, Tally, Voted,
};

pub(super) struct Sqlite {
    conn: Connection,
    /// The day `salt` belongs to (UTC).
    day: Option<NaiveDate>,
    salt: [u8; 32],
    max_voters: u32,
    /// Checkpoints the WAL on its own thread, off the commits' path.
    checkpointer: Checkpointer,
}

impl Sqlite {
    /// Opens (or creates) the database; the voter cookies' key comes with it.
    pub(super) fn open(path: &Path, max_voters: u32) -> Result<(Sqlite, [u8; 32]), StoreError> {
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
               slug TEXT PRIMARY KEY, tools TEXT NOT NULL, url TEXT, urls TEXT);
             CREATE TABLE IF NOT EXISTS votes (
               page TEXT NOT NULL, voter TEXT NOT NULL, tool TEXT NOT NULL,
               address TEXT, address_day TEXT, at TEXT NOT NULL,
               PRIMARY KEY (page, voter)) WITHOUT ROWID;
             CREATE INDEX IF NOT EXISTS votes_by_address ON votes (page, address_day, address);
             CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL);
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
             PRAGMA user_version = 1;",
        )?;
        // No checkpoint inside a commit: the checkpointer's thread does them. A page cache
        // that holds the votes' B-trees (SQLite's default is 2 MB): the inserts land all over
        // them (random voter ids and address hashes), and each page missing from the cache
        // was a read through the kernel inside the writer's transaction.
        conn.execute_batch("PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-65536;")?;
        // The checkpointer's WAL restart holds the writer for a few milliseconds: retry every
        // 250 µs (SQLite's own wait sleeps 1, 2, 5, 10 ms… and overshoots), up to 5 s.
        conn.busy_handler(Some(retry_soon))?;
        let checkpointer = Checkpointer::start(path)?;
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
        Ok((
            Sqlite {
                conn,
                day: None,
                salt: [0; 32],
                max_voters,
                checkpointer,
            },
            cookie_key,
        ))
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
}

impl Backend for Sqlite {
    fn votes(&mut self, batch: &[Ballot]) -> Result<Vec<Result<Voted, StoreError>>, StoreError> {
        self.rotate()?;
        let day = self.day.expect("rotated").to_string();
        let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let hashes: Vec<String> = batch
            .iter()
            .map(|b| address_hash(&self.salt, b.address))
            .collect();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(batch.len());
        for (ballot, hash) in batch.iter().zip(&hashes) {
            results.push(apply(&tx, ballot, hash, &day, &now, self.max_voters));
        }
        tx.commit()?;
        self.checkpointer.committed();
        Ok(results)
    }

    fn pages(&mut self) -> Result<Vec<Page>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT slug, tools, url, urls FROM pages")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut pages = Vec::new();
        for row in rows {
            let (slug, tools, url, urls) = row?;
            let tools = serde_json::from_str(&tools).unwrap_or_default();
            let urls = urls
                .and_then(|u| serde_json::from_str(&u).ok())
                .unwrap_or_default();
            pages.push(Page {
                slug,
                tools,
                url,
                urls,
            });
        }
        Ok(pages)
    }

    fn set_pages(&mut self, pages: &[Page]) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM pages", [])?;
        for p in pages {
            tx.execute(
                "INSERT INTO pages (slug, tools, url, urls) VALUES (?1, ?2, ?3, ?4)",
                params![
                    p.slug,
                    serde_json::to_string(&p.tools).expect("strings"),
                    p.url,
                    serde_json::to_string(&p.urls).expect("strings"),
                ],
            )?;
        }
        tx.commit()?;
        self.checkpointer.committed();
        Ok(())
    }

    fn tallies(&mut self) -> Result<Vec<Tally>, StoreError> {
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

    fn ping(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.query_row("SELECT 1", [], |_| Ok(()))?)
    }

    fn close(&mut self) {
        self.checkpointer.stop();
        if let Err(e) = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)") {
            tracing::warn!(error = %e, "checkpoint at stop failed");
        }
    }
}

/// The writer's busy handler: another wait of 250 µs while under 5 s in all.
fn retry_soon(attempts: i32) -> bool {
    std::thread::sleep(std::time::Duration::from_micros(250));
    attempts < 20_000
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
    match ballot.step(existing) {
        Step::Done(voted) => return Ok(voted),
        Step::Move { voter } => {
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
        Step::Count => {}
    }
    let readers: i64 = tx
        .prepare_cached(
            "SELECT COUNT(*) FROM votes WHERE page = ?1 AND address_day = ?2 AND address = ?3",
        )?
        .query_row(params![ballot.page, day, address], |r| r.get(0))?;
    let voter = ballot.admit(readers, max_voters)?;
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
