//! SQLite's WAL checkpoints, off the writer's path. SQLite's own automatic checkpoint runs
//! inside the commit that passes 1,000 WAL pages: that commit (and the votes waiting on it)
//! waited for the copy into the database file and its fsync, the latency tail of
//! docs/benchmarks.md ("Reader votes"). Here the writer's connection has none
//! (`wal_autocheckpoint=0`); this thread, on a connection of its own, copies the committed
//! pages while the writer goes on (`PASSIVE`), and when the WAL has grown past
//! [`RESTART_FRAMES`] (a service under constant load) it restarts it (`RESTART`: briefly
//! holds the writer, with little left to copy), so the WAL file stays bounded.
//!
//! Durability is not touched: a vote is answered after its commit's fsync of the WAL, as
//! before; a checkpoint only copies what is already durable, and SQLite keeps that safe
//! against a crash at any point.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::StoreError;

/// WAL pages past which the WAL is restarted (64 MB of 4 KiB pages; reached only under a
/// constant load: about 3 pages a vote, so about once a second at 5,000 votes/s).
const RESTART_FRAMES: i64 = 16_384;
/// At most one checkpoint in this long while votes come in.
const EVERY: Duration = Duration::from_millis(200);

#[derive(Default)]
struct State {
    /// Commits since the last checkpoint.
    commits: u64,
    stop: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

pub(super) struct Checkpointer {
    shared: Shared,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens its own connection to the database at `path` (already in WAL) and starts.
    pub(super) fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        let conn = Connection::open(path)?;
        // RESTART waits for the writer's transaction in flight.
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA synchronous=FULL")?;
        let shared: Shared = Arc::default();
        let theirs = shared.clone();
        let thread = std::thread::Builder::new()
            .name("votes-checkpoint".into())
            .spawn(move || run(&conn, &theirs))
            .map_err(|e| StoreError::Broken(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Checkpointer {
            shared,
            thread: Some(thread),
        })
    }

    /// Tells the thread a transaction committed.
    pub(super) fn committed(&self) {
        let (state, wake) = &*self.shared;
        state.lock().expect("checkpoint lock").commits += 1;
        wake.notify_one();
    }

    /// Ends the thread (after the checkpoint in flight, if any).
    pub(super) fn stop(&mut self) {
        let (state, wake) = &*self.shared;
        state.lock().expect("checkpoint lock").stop = true;
        wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(conn: &Connection, shared: &Shared) {
    let (state, wake) = &**shared;
    loop {
        {
            let mut s = state.lock().expect("checkpoint lock");
            while s.commits == 0 && !s.stop {
                s = wake.wait(s).expect("checkpoint lock");
            }
            if s.stop {
                return;
            }
            s.commits = 0;
        }
        match checkpoint(conn, "PASSIVE") {
            Ok(frames) if frames > RESTART_FRAMES => {
                if let Err(e) = checkpoint(conn, "RESTART") {
                    tracing::warn!(error = %e, frames, "WAL restart failed");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed"),
        }
        // Paced: many small checkpoints would each fsync the database file.
        let s = state.lock().expect("checkpoint lock");
        let (s, _) = wake
            .wait_timeout_while(s, EVERY, |s| !s.stop)
            .expect("checkpoint lock");
        if s.stop {
            return;
        }
    }
}

/// Runs a checkpoint; answers the WAL's size in pages.
fn checkpoint(conn: &Connection, mode: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| r.get(1))
}
