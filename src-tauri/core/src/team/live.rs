//! The team desk kept in sync while the app runs: a sync at start, soon after a local save,
//! when the team's log moves (NOTIFY), every half minute, and when asked. Nothing waits on
//! it: saves go to SQLite as always, and a desk without its server works on, offline, with
//! its changes waiting. The app shows [`LiveStatus`] and refreshes what [`TeamEdit`]s touch.

use std::ops::ControlFlow;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Notify;

use crate::desk::Desk;
use crate::secrets::SecretStore;

use super::local::{self, TeamLink};
use super::presence::{self, Presence, PresenceHub, PresenceTiming, Presenting};
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
    /// The server cannot be reached (or would not let this member in for another reason);
    /// saves wait here, and the desk tries again on its own.
    Offline,
    /// The server refused this member's password (changed by the admin, or mistyped):
    /// saves wait here until the member signs in again. Not retried on its own: the same
    /// password would be refused again.
    SignInRefused,
    /// This desk has no password for the member (no keyring keeps it, none was typed since
    /// the app started, and VERDICT_TEAM_PASSWORD is not set): saves wait until they sign in.
    SignInNeeded,
}

impl SyncState {
    /// Whether the member must sign in (again) before the desk can sync.
    pub fn needs_sign_in(self) -> bool {
        matches!(self, SyncState::SignInRefused | SyncState::SignInNeeded)
    }

    /// The state a failed sync leaves the desk in.
    fn after(error: &TeamError) -> SyncState {
        match error {
            TeamError::WrongPassword { .. } => SyncState::SignInRefused,
            TeamError::NoPassword { .. } => SyncState::SignInNeeded,
            _ => SyncState::Offline,
        }
    }
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
    /// Since when the desk could not sync (RFC 3339), while offline or signed out.
    pub offline_since: Option<String>,
    /// Why the last sync failed, in words, while offline or signed out.
    pub problem: Option<String>,
    /// When that last failed attempt was (RFC 3339): the problem is as of then.
    pub checked_at: Option<String>,
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
            checked_at: None,
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
    /// Other members' changes, now applied here; sent (perhaps empty) after every round that
    /// changed anything this desk shows, so lists and counts reload.
    Edits(Vec<TeamEdit>),
    /// Where the other members are now ([`PresenceHub::others`]), whenever that changed.
    Presence(Vec<Presence>),
}

/// The live sync's shared state: its last status, the bells that wake it, and presence.
pub struct Live {
    status: Mutex<LiveStatus>,
    now: Notify,
    presence: PresenceHub,
}

impl Default for Live {
    fn default() -> Self {
        Live::with_presence(Some(PresenceTiming::default()))
    }
}

/// How often a desk with nothing to do syncs anyway.
pub const EVERY: Duration = Duration::from_secs(30);
/// How long a burst of saves is gathered, after the store's journal rang for the first, before
/// it is sent: a form that saves field after field sends one push, and nobody waits.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(50);

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

    /// A live sync whose presence beats and expires as `timing` says (`None`: no presence,
    /// where nobody looks, as in `verdict sync --watch`).
    pub fn with_presence(timing: Option<PresenceTiming>) -> Live {
        Live {
            status: Mutex::new(LiveStatus::off()),
            now: Notify::new(),
            presence: PresenceHub::new(timing),
        }
    }

    /// Presence: where this desk is ([`PresenceHub::set`]), where the others are.
    pub fn presence(&self) -> &PresenceHub {
        &self.presence
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
    ///
    /// A failed sync is tried again on its own, sooner at first (2 s, 4 s, … up to `every`),
    /// so the problem shown is the current one and the desk is back soon after its server;
    /// those quiet retries do not flash "Syncing". A refused password is not retried until
    /// the member signs in again ([`Live::sync_now`]).
    pub async fn team_live(
        &self,
        secrets: &dyn SecretStore,
        live: &Live,
        every: Duration,
        debounce: Duration,
        mut on: impl FnMut(LiveEvent),
    ) {
        self.live_loop(secrets, live, every, debounce, &mut on, &mut |_| {
            ControlFlow::Continue(())
        })
        .await
    }

    /// The same loop for a process without the app (`verdict sync --watch`): a sync now,
    /// then one whenever the team's log moves, a save of this process is queued, or `every`
    /// passes (sooner after a failure), until `on_round` says to stop.
    pub async fn team_watch(
        &self,
        secrets: &dyn SecretStore,
        every: Duration,
        mut on_round: impl FnMut(Result<SyncReport, TeamError>) -> ControlFlow<()>,
    ) {
        let live = Live::with_presence(None);
        self.live_loop(
            secrets,
            &live,
            every,
            SAVE_DEBOUNCE,
            &mut |_| {},
            &mut on_round,
        )
        .await
    }

    /// The one connect–listen–sync loop: `on` hears every status change and batch of other
    /// members' changes, `on_round` each round's result (and may end the loop).
    async fn live_loop(
        &self,
        secrets: &dyn SecretStore,
        live: &Live,
        every: Duration,
        debounce: Duration,
        on: &mut impl FnMut(LiveEvent),
        on_round: &mut impl FnMut(Result<SyncReport, TeamError>) -> ControlFlow<()>,
    ) {
        let mut listener: Option<Server> = None;
        let mut presenting: Option<Presenting> = None;
        // Offline or alone, nobody is known to be anywhere.
        let forget = |on: &mut dyn FnMut(LiveEvent)| {
            live.presence
                .forget()
                .map(|none| on(LiveEvent::Presence(none)))
        };
        let mut offline_since: Option<String> = None;
        let mut last_synced: Option<String> = None;
        let mut failures: u32 = 0;
        let mut asked = true;
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
                    presenting = None;
                    forget(on);
                    offline_since = None;
                    failures = 0;
                    live.set(LiveStatus::off());
                    on(LiveEvent::Status(LiveStatus::off()));
                    if on_round(Err(TeamError::NotJoined)).is_break() {
                        return;
                    }
                    live.now.notified().await;
                    asked = true;
                    continue;
                }
                Err(e) => {
                    tracing::error!(error = %e, "the team link could not be read");
                    tokio::time::sleep(every).await;
                    continue;
                }
            }
            if asked || failures == 0 {
                if let Some(s) = publish(SyncState::Syncing, &|_| {}) {
                    on(LiveEvent::Status(s));
                }
            }
            let round: Result<SyncReport, TeamError> = self.team_sync(secrets, |_| {}).await;
            let state = match round {
                Ok(report) => {
                    failures = 0;
                    offline_since = None;
                    last_synced = Some(now_text());
                    // Also when only this member's own changes (from another desk) or the
                    // publishing records came: the app's lists and counts follow it.
                    if report.changed || !report.edits.is_empty() {
                        on(LiveEvent::Edits(report.edits.clone()));
                    }
                    if listener.as_ref().is_none_or(|l| l.is_closed()) {
                        listener = match self.team_server(secrets).await {
                            Ok((server, _)) => server.listen().await.ok().map(|()| server),
                            Err(_) => None,
                        };
                        presenting = match (&listener, self.team_link()) {
                            (Some(l), Ok(Some(link))) => {
                                presence::start(l, &link.desk_id, &live.presence).await
                            }
                            _ => None,
                        };
                    }
                    let synced = last_synced.clone();
                    let status = publish(SyncState::Synced, &|s| {
                        s.problem = None;
                        s.checked_at = None;
                        s.offline_since = None;
                        s.refused = report.refused.clone();
                        s.last_synced = synced.clone();
                    });
                    if let Some(s) = status {
                        on(LiveEvent::Status(s));
                    }
                    if on_round(Ok(report)).is_break() {
                        return;
                    }
                    SyncState::Synced
                }
                Err(e) => {
                    tracing::warn!(error = %e, "team sync failed; working offline");
                    failures = failures.saturating_add(1);
                    listener = None;
                    presenting = None;
                    forget(on);
                    let state = SyncState::after(&e);
                    let since = offline_since.get_or_insert_with(now_text).clone();
                    let synced = last_synced.clone();
                    let status = publish(state, &|s| {
                        s.problem = Some(e.to_string());
                        s.checked_at = Some(now_text());
                        s.offline_since = Some(since.clone());
                        s.last_synced = synced.clone();
                    });
                    if let Some(s) = status {
                        on(LiveEvent::Status(s));
                    }
                    if on_round(Err(e)).is_break() {
                        return;
                    }
                    state
                }
            };
            let retry = match state {
                SyncState::Synced => every,
                SyncState::SignInRefused => Duration::MAX,
                _ => backoff(failures, every),
            };
            let until = tokio::time::Instant::now().checked_add(retry);
            asked = loop {
                let next_presence = presenting.as_ref().map(Presenting::next);
                match self
                    .wait_for_work(
                        live,
                        listener.as_ref(),
                        until,
                        debounce,
                        state,
                        next_presence,
                    )
                    .await
                {
                    Wake::Sync { asked } => break asked,
                    Wake::Presence => {
                        if let (Some(l), Some(p)) = (listener.as_ref(), presenting.as_mut()) {
                            if let Some(others) = p.exchange(l, &live.presence).await {
                                on(LiveEvent::Presence(others));
                            }
                        }
                    }
                    // Saves made while the desk cannot sync are counted at once.
                    Wake::Recount => {
                        if let Some(s) = publish(state, &|_| {}) {
                            on(LiveEvent::Status(s));
                        }
                    }
                }
            };
        }
    }

    /// Waits for a reason to sync: the server's NOTIFY, a local save queued (the journal rings,
    /// `debounce` gathers the burst), a request, or `until`. While the desk cannot sync, a save
    /// is no reason to try again, but a change in the count waiting is one to tell the status
    /// bar ([`Wake::Recount`]). Another desk's move, this desk's new place, or `next_presence`
    /// passing is one for a presence step ([`Wake::Presence`]).
    async fn wait_for_work(
        &self,
        live: &Live,
        listener: Option<&Server>,
        until: Option<tokio::time::Instant>,
        debounce: Duration,
        state: SyncState,
        next_presence: Option<tokio::time::Instant>,
    ) -> Wake {
        let failing = state != SyncState::Synced;
        let counted = live.status().pending;
        let retry = until.map_or(Duration::MAX, |u| {
            u.saturating_duration_since(tokio::time::Instant::now())
        });
        let notified = async {
            match listener {
                Some(l) => {
                    if !l.wait_for_change(retry).await {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending::<()>().await,
            }
        };
        let queued = self.store().journal_queued();
        let saves = async {
            let Some(bell) = queued else {
                // A store without a journal queues nothing for the team.
                return std::future::pending::<Wake>().await;
            };
            loop {
                bell.notified().await;
                let ring = crate::store::TakenRing::of(&bell); // back if another wake wins
                tokio::time::sleep(debounce).await;
                ring.used();
                let waiting = local::pending_count(self.store().conn()).unwrap_or(0);
                if failing {
                    if waiting != counted {
                        return Wake::Recount;
                    }
                } else if waiting > 0 {
                    return Wake::Sync { asked: false };
                }
            }
        };
        let timer = async {
            match until {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending::<()>().await,
            }
        };
        let presence = presence::due(listener, next_presence, &live.presence);
        tokio::select! {
            _ = notified => Wake::Sync { asked: false },
            wake = saves => wake,
            _ = live.now.notified() => Wake::Sync { asked: true },
            _ = timer => Wake::Sync { asked: false },
            _ = presence => Wake::Presence,
        }
    }
}

/// Why the live sync stopped waiting.
enum Wake {
    /// Time to sync; `asked` when someone asked for it (Sync now, a join, a sign-in).
    Sync { asked: bool },
    /// The number of saves waiting changed while the desk cannot sync.
    Recount,
    /// Time for a presence step: a place changed (here or elsewhere), or one is due.
    Presence,
}

/// How long to wait after the `failures`-th failed sync in a row: 2 s, 4 s, 8 s, … `every`.
fn backoff(failures: u32, every: Duration) -> Duration {
    let exp = failures.saturating_sub(1).min(16);
    Duration::from_secs(2u64 << exp).min(every)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_desk_tries_again_sooner_at_first() {
        let every = Duration::from_secs(30);
        let waits: Vec<u64> = (1..=7).map(|n| backoff(n, every).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(backoff(u32::MAX, every), every);
    }
}
