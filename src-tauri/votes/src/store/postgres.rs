//! PostgreSQL storage, for several services behind a load balancer sharing one database: the
//! same tables and rules as SQLite; a transaction-scoped advisory lock per page serialises the
//! services' votes on one page, so "find the reader's vote, else add one" cannot race.

use chrono::{NaiveDate, Utc};
use tokio_postgres::{Client, NoTls, Transaction};

use super::{
    address_hash, random_bytes, Backend, Ballot, Counted, Page, Step, StoreError, Tally, Voted,
};

pub(super) struct Postgres {
    /// The writer thread's own runtime: the client and its connection live on it.
    rt: tokio::runtime::Runtime,
    client: Client,
    day: Option<NaiveDate>,
    salt: [u8; 32],
    max_voters: u32,
}

/// Every table, made by the first service that starts (under an advisory lock, so two
/// starting together do not both create them).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS vote_pages (
  slug TEXT PRIMARY KEY, tools TEXT NOT NULL, url TEXT, urls TEXT);
CREATE TABLE IF NOT EXISTS votes (
  page TEXT NOT NULL, voter TEXT NOT NULL, tool TEXT NOT NULL,
  address TEXT, address_day TEXT, at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (page, voter));
CREATE INDEX IF NOT EXISTS votes_by_address ON votes (page, address_day, address);
CREATE TABLE IF NOT EXISTS vote_salts (day TEXT PRIMARY KEY, salt BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS vote_meta (key TEXT PRIMARY KEY, value BYTEA NOT NULL);
";

/// The advisory lock key of the schema's creation ("vote" in ASCII).
const SCHEMA_LOCK: i64 = 0x766f_7465;

impl Postgres {
    pub(super) fn open(url: &str, max_voters: u32) -> Result<(Postgres, [u8; 32]), StoreError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Broken(format!("runtime: {e}")))?;
        let client = rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::error!(error = %e, "PostgreSQL connection ended");
                }
            });
            client
                .execute("SELECT pg_advisory_lock($1)", &[&SCHEMA_LOCK])
                .await?;
            let made = client.batch_execute(SCHEMA).await;
            client
                .execute("SELECT pg_advisory_unlock($1)", &[&SCHEMA_LOCK])
                .await?;
            made?;
            client
                .execute(
                    "INSERT INTO vote_meta (key, value) VALUES ('cookie_key', $1)
                     ON CONFLICT (key) DO NOTHING",
                    &[&random_bytes().to_vec()],
                )
                .await?;
            Ok::<_, tokio_postgres::Error>(client)
        })?;
        let key: Vec<u8> = rt
            .block_on(
                client.query_one("SELECT value FROM vote_meta WHERE key = 'cookie_key'", &[]),
            )?
            .get(0);
        let cookie_key: [u8; 32] = key
            .try_into()
            .map_err(|_| StoreError::Broken("vote_meta.cookie_key is not 32 bytes".into()))?;
        Ok((
            Postgres {
                rt,
                client,
                day: None,
                salt: [0; 32],
                max_voters,
            },
            cookie_key,
        ))
    }

    /// Today's salt, as for SQLite: the first service of the day draws it, every service uses
    /// it, yesterday's is deleted and its hashes cleared.
    fn rotate(&mut self) -> Result<(), StoreError> {
        let today = Utc::now().date_naive();
        if self.day == Some(today) {
            return Ok(());
        }
        let day = today.to_string();
        let salt: Vec<u8> = self.rt.block_on(async {
            let tx = self.client.transaction().await?;
            tx.execute(
                "INSERT INTO vote_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
                &[&day, &random_bytes().to_vec()],
            )
            .await?;
            let salt: Vec<u8> = tx
                .query_one("SELECT salt FROM vote_salts WHERE day = $1", &[&day])
                .await?
                .get(0);
            tx.execute("DELETE FROM vote_salts WHERE day <> $1", &[&day])
                .await?;
            tx.execute(
                "UPDATE votes SET address = NULL, address_day = NULL
                  WHERE address_day IS NOT NULL AND address_day <> $1",
                &[&day],
            )
            .await?;
            tx.commit().await?;
            Ok::<_, tokio_postgres::Error>(salt)
        })?;
        self.salt = salt
            .try_into()
            .map_err(|_| StoreError::Broken("vote_salts.salt is not 32 bytes".into()))?;
        self.day = Some(today);
        Ok(())
    }
}

impl Backend for Postgres {
    fn votes(&mut self, batch: &[Ballot]) -> Result<Vec<Result<Voted, StoreError>>, StoreError> {
        self.rotate()?;
        let day = self.day.expect("rotated").to_string();
        let hashes: Vec<String> = batch
            .iter()
            .map(|b| address_hash(&self.salt, b.address))
            .collect();
        let max = self.max_voters;
        let client = &mut self.client;
        self.rt.block_on(async move {
            let tx = client.transaction().await?;
            // In one order on every service, so two batches never wait on each other.
            let mut pages: Vec<&str> = batch.iter().map(|b| b.page.as_str()).collect();
            pages.sort_unstable();
            pages.dedup();
            for page in pages {
                tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&page])
                    .await?;
            }
            let mut results = Vec::with_capacity(batch.len());
            for (ballot, hash) in batch.iter().zip(&hashes) {
                results.push(apply(&tx, ballot, hash, &day, max).await);
            }
            tx.commit().await?;
            Ok(results)
        })
    }

    fn pages(&mut self) -> Result<Vec<Page>, StoreError> {
        let rows = self.rt.block_on(
            self.client
                .query("SELECT slug, tools, url, urls FROM vote_pages", &[]),
        )?;
        Ok(rows
            .into_iter()
            .map(|r| Page {
                slug: r.get(0),
                tools: serde_json::from_str(r.get::<_, &str>(1)).unwrap_or_default(),
                url: r.get(2),
                urls: r
                    .get::<_, Option<&str>>(3)
                    .and_then(|u| serde_json::from_str(u).ok())
                    .unwrap_or_default(),
            })
            .collect())
    }

    fn set_pages(&mut self, pages: &[Page]) -> Result<(), StoreError> {
        let client = &mut self.client;
        self.rt.block_on(async move {
            let tx = client.transaction().await?;
            tx.execute("DELETE FROM vote_pages", &[]).await?;
            for p in pages {
                let tools = serde_json::to_string(&p.tools).expect("strings");
                let urls = serde_json::to_string(&p.urls).expect("strings");
                tx.execute(
                    "INSERT INTO vote_pages (slug, tools, url, urls) VALUES ($1, $2, $3, $4)",
                    &[&p.slug, &tools, &p.url, &urls],
                )
                .await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    fn tallies(&mut self) -> Result<Vec<Tally>, StoreError> {
        let rows = self.rt.block_on(self.client.query(
            "SELECT page, tool, COUNT(*) FROM votes GROUP BY page, tool",
            &[],
        ))?;
        Ok(rows
            .into_iter()
            .map(|r| Tally {
                comparison: r.get(0),
                tool: r.get(1),
                votes: r.get::<_, i64>(2) as u64,
            })
            .collect())
    }

    fn ping(&mut self) -> Result<(), StoreError> {
        self.rt.block_on(self.client.query_one("SELECT 1", &[]))?;
        Ok(())
    }

    fn close(&mut self) {}
}

/// One vote inside the batch's transaction, as SQLite's `apply`. Nothing is written when it is
/// refused.
async fn apply(
    tx: &Transaction<'_>,
    ballot: &Ballot,
    address: &str,
    day: &str,
    max_voters: u32,
) -> Result<Voted, StoreError> {
    let existing = match &ballot.voter {
        Some(voter) => {
            tx.query_opt(
                "SELECT voter, tool FROM votes WHERE page = $1 AND voter = $2",
                &[&ballot.page, voter],
            )
            .await?
        }
        None => {
            tx.query_opt(
                "SELECT voter, tool FROM votes WHERE page = $1 AND address_day = $2
                   AND address = $3 ORDER BY at DESC LIMIT 1",
                &[&ballot.page, &day, &address],
            )
            .await?
        }
    };
    let found = existing.map(|row| (row.get(0), row.get(1)));
    match ballot.step(found) {
        Step::Done(voted) => return Ok(voted),
        Step::Move { voter } => {
            tx.execute(
                "UPDATE votes SET tool = $3, address = $4, address_day = $5, at = now()
                  WHERE page = $1 AND voter = $2",
                &[&ballot.page, &voter, &ballot.tool, &address, &day],
            )
            .await?;
            return Ok(Voted {
                voter,
                counted: Counted::Changed,
            });
        }
        Step::Count => {}
    }
    let readers: i64 = tx
        .query_one(
            "SELECT COUNT(*) FROM votes WHERE page = $1 AND address_day = $2 AND address = $3",
            &[&ballot.page, &day, &address],
        )
        .await?
        .get(0);
    let voter = ballot.admit(readers, max_voters)?;
    tx.execute(
        "INSERT INTO votes (page, voter, tool, address, address_day) VALUES ($1, $2, $3, $4, $5)",
        &[&ballot.page, &voter, &ballot.tool, &address, &day],
    )
    .await?;
    Ok(Voted {
        voter,
        counted: Counted::New,
    })
}
