//! The team desk kept in sync while the app runs: a sync at start, soon after a local save,
//! when the team's log moves (NOTIFY), every half minute, and when asked. Nothing waits on
//! it: saves go to SQLite as always, and a desk without its server works on, offline, with
//! its changes waiting. The app shows [`LiveStatus`] and refreshes what [`TeamEdit`]s touch.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Notify;

use crate::desk::Desk;
use crate::secrets::SecretStore;

use super::local::{self, TeamLink};
use super::server::Server;
use super::sync::{SyncReport, TeamEdit};
use super::TeamError;

/// Where the desk stands with its team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Not on a team.
    Off,
    /// Everything saved here is on the server, and the server's log is here.
    Synced,
    /// Saves here wait for the next sync.
    Waiting,
    /// A sync is running.
    Syncing,
    /// The server cannot be reached or refused the login; saves wait here.
    Offline,
}

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LiveStatus {
    pub state: SyncState,
    /// The team and the member signed in, when on a team.
    pub link: Option<TeamLink>,
    /// Local saves not yet on the server.
    #[ts(type = "number")]
    pub pending: i64,
    /// Fields changed here and on another desk, waiting for a decision.
    pub conflicts: usize,
    /// Since when the server could not be reached (RFC 3339), while offline.
    pub offline_since: Option<String>,
    /// Why the last sync failed, in words, while offline.
    pub problem: Option<String>,
    /// Changes the server refused in the last sync, with its reasons.
    pub refused: Vec<String>,
    /// When the last sync finished (RFC 3339).
    pub last_synced: Option<String>,
}

impl LiveStatus {
    fn off() -> LiveStatus {
        LiveStatus {
            state: SyncState::Off,
            link: None,
            pending: 0,
            conflicts: 0,
            offline_since: None,
            problem: None,
            refused: Vec::new(),
            last_synced: None,
        }
    }
}

/// What the live sync tells the app (a few times a minute at most: size does not matter).
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum LiveEvent {
    Status(LiveStatus),
    /// Other members' changes, now applied here.
    Edits(Vec<TeamEdit>),
}

/// The live sync's shared state: its last status, and the bells that wake it.
pub struct Live {
    status: Mutex<LiveStatus>,
    now: Notify,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            status: Mutex::new(LiveStatus::off()),
            now: Notify::new(),
        }
    }
}

/// How often a desk with nothing to do syncs anyway.
pub const EVERY: Duration = Duration::from_secs(30);
/// How often the desk looks for local saves waiting to go (a cheap local count), which is
/// also how long a burst of saves is gathered before it is sent.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(1500);

impl Live {
    /// The last status, as the status bar shows it.
    pub fn status(&self) -> LiveStatus {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Asks for a sync now (the "sync now" shortcut, a join, a resolved conflict).
    pub fn sync_now(&self) {
        self.now.notify_one();
    }

    fn set(&self, status: LiveStatus) {
        *self.status.lock().unwrap_or_else(|e| e.into_inner()) = status;
    }
}

fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Desk {
    /// The status as the desk's own records say (link, waiting saves, conflicts), over the
    /// live sync's last word on the connection.
    pub fn live_status(&self, live: &Live) -> Result<LiveStatus, TeamError> {
        let mut status = live.status();
        let store = self.store();
        status.link = local::link(store.conn())?;
        status.pending = local::pending_count(store.conn())?;
        status.conflicts = local::conflicts(store.conn())?.len();
        if status.link.is_none() {
            return Ok(LiveStatus::off());
        }
        if matches!(status.state, SyncState::Off | SyncState::Synced) {
            status.state = if status.pending > 0 {
                SyncState::Waiting
            } else {
                SyncState::Synced
            };
        }
        Ok(status)
    }

    /// Runs the live sync until the app ends: see the module's text. `on` hears every status
    /// change and every batch of other members' changes.
    pub async fn team_live(
        &self,
        secrets: &dyn SecretStore,
        live: &Live,
        every: Duration,
        debounce: Duration,
        mut on: impl FnMut(LiveEvent),
    ) {
        let mut listener: Option<Server> = None;
        let mut offline_since: Option<String> = None;
        let mut last_synced: Option<String> = None;
        loop {
            // Records and returns the status after a step (None when it cannot be read).
            let publish = |state: SyncState, extra: &dyn Fn(&mut LiveStatus)| {
                let mut s = match self.live_status(live) {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::error!(error = %e, "team status could not be read");
                        return None;
                    }
                };
                if s.state != SyncState::Off {
                    s.state = match state {
                        SyncState::Synced if s.pending > 0 => SyncState::Waiting,
                        other => other,
                    };
                    extra(&mut s);
                }
                live.set(s.clone());
                Some(s)
            };
            match self.team_link() {
                Ok(Some(_)) => {}
                Ok(None) => {
                    listener = None;
                    offline_since = None;
                    live.set(LiveStatus::off());
                    on(LiveEvent::Status(LiveStatus::off()));
                    live.now.notified().await;
                    continue;
                }
                Err(e) => {
                    tracing::error!(error = %e, "the team link could not be read");
                    tokio::time::sleep(every).await;
                    continue;
                }
            }
            if let Some(s) = publish(SyncState::Syncing, &|_| {}) {
                on(LiveEvent::Status(s));
            }
            if listener.as_ref().map_or(true, |l| l.is_closed()) {
                listener = match self.team_server(secrets).await {
                    Ok((server, _)) => server.listen().await.ok().map(|()| server),
                    Err(_) => None,
                };
            }
            let round: Result<SyncReport, TeamError> = self.team_sync(secrets, |_| {}).await;
            let failed = round.is_err();
            let status = match round {
                Ok(report) => {
                    offline_since = None;
                    last_synced = Some(now_text());
                    if !report.edits.is_empty() {
                        on(LiveEvent::Edits(report.edits.clone()));
                    }
                    let synced = last_synced.clone();
                    publish(SyncState::Synced, &|s| {
                        s.problem = None;
                        s.offline_since = None;
                        s.refused = report.refused.clone();
                        s.last_synced = synced.clone();
                    })
                }
                Err(e) => {
                    tracing::warn!(error = %e, "team sync failed; working offline");
                    listener = None;
                    let since = offline_since.get_or_insert_with(now_text).clone();
                    let synced = last_synced.clone();
                    publish(SyncState::Offline, &|s| {
                        s.problem = Some(e.to_string());
                        s.offline_since = Some(since.clone());
                        s.last_synced = synced.clone();
                    })
                }
            };
            if let Some(s) = status {
                on(LiveEvent::Status(s));
            }
            self.wait_for_work(live, listener.as_ref(), every, debounce, failed)
                .await;
        }
    }

    /// Waits for a reason to sync: the server's NOTIFY, a local save waiting (looked for
    /// every `debounce`, not while offline), a request, or `every`.
    async fn wait_for_work(
        &self,
        live: &Live,
        listener: Option<&Server>,
        every: Duration,
        debounce: Duration,
        offline: bool,
    ) {
        let notified = async {
            match listener {
                Some(l) => {
                    if !l.wait_for_change(every).await {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending::<()>().await,
            }
        };
        let saves = async {
            loop {
                tokio::time::sleep(debounce).await;
                if offline {
                    continue;
                }
                let waiting = local::pending_count(self.store().conn()).unwrap_or(0);
                if waiting > 0 {
                    return;
                }
            }
        };
        tokio::select! {
            _ = notified => {}
            _ = saves => {}
            _ = live.now.notified() => {}
            _ = tokio::time::sleep(every) => {}
        }
    }
}
