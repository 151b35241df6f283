//! Presence: who else has a page or form open now, and who is typing in which field. A hint
//! carried by the team's server (it never locks anything): the live sync beats this desk's
//! place on its listening connection and reads the others' when told they moved, when one
//! would expire, and on every beat. A desk alone does none of it.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::server::{Beat, PresenceRow, Server, PRESENCE_SCHEMA};
use super::TeamError;
use crate::model::EntityKind;

/// How often a desk with something open says it is still there.
pub const BEAT: Duration = Duration::from_secs(20);
/// How long a place is shown after its desk's last beat: a desk that goes offline (or
/// crashes) disappears within this.
pub const FRESH: Duration = Duration::from_secs(30);

/// Where this desk is: the page or form open, the field in focus, and whether the member is
/// typing in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PresencePlace {
    pub kind: EntityKind,
    pub key: String,
    pub field: Option<String>,
    #[serde(default)]
    pub typing: bool,
}

impl PresencePlace {
    /// Refuses what the server would: a key of 1 to 300 characters, a field of 1 to 100.
    pub fn check(&self) -> Result<(), TeamError> {
        if self.key.is_empty() || self.key.chars().count() > 300 {
            return Err(TeamError::Refused(
                "presence: key must be 1 to 300 characters".into(),
            ));
        }
        if let Some(f) = &self.field {
            if f.is_empty() || f.chars().count() > 100 {
                return Err(TeamError::Refused(
                    "presence: field must be 1 to 100 characters".into(),
                ));
            }
        }
        Ok(())
    }
}

/// Another member with a page or form open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Presence {
    pub login: String,
    /// The member's name, as the team knows it.
    pub name: String,
    pub kind: EntityKind,
    pub key: String,
    /// The field in focus there, if any.
    pub field: Option<String>,
    /// Whether they are typing in that field.
    pub typing: bool,
}

/// How often to beat and how long a place stays shown (the tests shorten both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresenceTiming {
    pub beat: Duration,
    pub fresh: Duration,
}

impl Default for PresenceTiming {
    fn default() -> Self {
        PresenceTiming {
            beat: BEAT,
            fresh: FRESH,
        }
    }
}

/// The live sync's presence: this desk's place as the app set it, the others' as last read.
pub struct PresenceHub {
    state: Mutex<(Option<PresencePlace>, Vec<Presence>)>,
    moved: Notify,
    timing: PresenceTiming,
    /// False where no one looks (`verdict sync --watch`): nothing is beaten or read.
    on: bool,
}

impl PresenceHub {
    /// Presence beaten and expired as `timing` says; `None`: none at all.
    pub(crate) fn new(timing: Option<PresenceTiming>) -> PresenceHub {
        PresenceHub {
            state: Mutex::new((None, Vec::new())),
            moved: Notify::new(),
            timing: timing.unwrap_or_default(),
            on: timing.is_some(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Option<PresencePlace>, Vec<Presence>)> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets where this desk is (`None`: nothing open); the live sync tells the team at once.
    /// Only a change does anything.
    pub fn set(&self, place: Option<PresencePlace>) -> Result<(), TeamError> {
        if let Some(p) = &place {
            p.check()?;
        }
        let mut state = self.lock();
        if state.0 != place {
            state.0 = place;
            drop(state);
            self.moved.notify_one();
        }
        Ok(())
    }

    pub fn here(&self) -> Option<PresencePlace> {
        self.lock().0.clone()
    }

    /// The other members' places, as last read (empty while offline or alone).
    pub fn others(&self) -> Vec<Presence> {
        self.lock().1.clone()
    }

    /// Forgets the others (offline, alone): nobody is known to be anywhere. The empty list,
    /// when someone was.
    pub(crate) fn forget(&self) -> Option<Vec<Presence>> {
        self.take(Vec::new()).then(Vec::new)
    }

    /// Keeps `others`; true when they differ from what was shown.
    pub(crate) fn take(&self, others: Vec<Presence>) -> bool {
        let mut state = self.lock();
        let changed = state.1 != others;
        state.1 = others;
        changed
    }

    pub(crate) fn timing(&self) -> PresenceTiming {
        self.timing
    }

    /// Waits until the app set another place.
    pub(crate) async fn set_again(&self) {
        self.moved.notified().await
    }
}

/// One listening connection's presence: what it last sent, and when to beat or read next.
pub(crate) struct Presenting {
    desk: uuid::Uuid,
    sent: Option<PresencePlace>,
    beat_at: Instant,
    next: Instant,
}

impl Presenting {
    /// Presence on a new connection: its first step beats (if anything is open) and reads.
    pub(crate) fn new(desk: uuid::Uuid) -> Presenting {
        let now = Instant::now();
        Presenting {
            desk,
            sent: None,
            beat_at: now,
            next: now,
        }
    }

    /// When the next timed step is due (a beat, an expiry, the periodic read).
    pub(crate) fn next(&self) -> Instant {
        self.next
    }

    /// [`Presenting::step`], its failure logged (the others then unknown): the others'
    /// places when they changed.
    pub(crate) async fn exchange(
        &mut self,
        server: &Server,
        hub: &PresenceHub,
    ) -> Option<Vec<Presence>> {
        match self.step(server, hub).await {
            Ok(true) => Some(hub.others()),
            Ok(false) => None,
            Err(e) => {
                tracing::debug!(error = %e, "presence could not be exchanged");
                hub.forget()
            }
        }
    }

    /// Beats when the place changed or a beat is due, then reads the others' places; true
    /// when they changed.
    pub(crate) async fn step(
        &mut self,
        server: &Server,
        hub: &PresenceHub,
    ) -> Result<bool, TeamError> {
        let timing = hub.timing();
        let here = hub.here();
        let now = Instant::now();
        // Should this step fail, the next is one beat away (a lost connection wakes the live
        // sync sooner, and it starts presence afresh on the next).
        self.next = now + timing.beat;
        if here != self.sent || (here.is_some() && now >= self.beat_at) {
            let beat = here.as_ref().map(|p| Beat {
                kind: p.kind.as_str(),
                key: &p.key,
                field: p.field.as_deref(),
                typing: p.typing,
            });
            if !server.presence_beat(self.desk, beat).await? {
                tracing::debug!(place = ?here, "the team shows this member nowhere there");
            }
            self.sent = here;
            self.beat_at = now + timing.beat;
        }
        let rows = server.presence(timing.fresh).await?;
        // Read again when the first of them would expire (a little after, by the server's
        // clock), and at the latest one beat from now.
        let expires = rows
            .iter()
            .map(|r| timing.fresh.saturating_sub(r.age))
            .min()
            .map(|left| Instant::now() + left + Duration::from_millis(100));
        let mut next = Instant::now() + timing.beat;
        if self.sent.is_some() {
            next = next.min(self.beat_at);
        }
        self.next = expires.map_or(next, |e| e.min(next));
        Ok(hub.take(rows.into_iter().filter_map(presence).collect()))
    }
}

/// Waits until a presence step is due on `listener`: another desk moved, the app set another
/// place, or `next` came. Never, without a listening connection with presence.
pub(crate) async fn due(listener: Option<&Server>, next: Option<Instant>, hub: &PresenceHub) {
    let (Some(l), Some(at)) = (listener, next) else {
        return std::future::pending::<()>().await;
    };
    tokio::select! {
        _ = l.presence_moved() => {}
        _ = hub.set_again() => {}
        _ = tokio::time::sleep_until(at) => {}
    }
}

/// Presence on a new listening connection of `desk_id`, when the team's schema has it.
pub(crate) async fn start(server: &Server, desk_id: &str, hub: &PresenceHub) -> Option<Presenting> {
    if !hub.on {
        return None;
    }
    let desk = uuid::Uuid::parse_str(desk_id).ok()?;
    match server.check_schema().await {
        Ok(schema) if schema >= PRESENCE_SCHEMA => {}
        _ => return None,
    }
    match server.listen_presence(desk).await {
        Ok(()) => Some(Presenting::new(desk)),
        Err(e) => {
            tracing::debug!(error = %e, "presence not followed on this connection");
            None
        }
    }
}

fn presence(r: PresenceRow) -> Option<Presence> {
    Some(Presence {
        kind: EntityKind::parse(&r.kind)?,
        login: r.login,
        name: r.name,
        key: r.key,
        field: r.field,
        typing: r.typing,
    })
}
