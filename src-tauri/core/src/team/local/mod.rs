//! The team desk's local side in SQLite: the link, pending changes recorded as saves happen,
//! remote changes applied, conflicts and refusals, and publishing as the team shares it.
//! Store-level: it knows rows, not the server. One module per concern; every item is
//! reachable here, as `team::local::…`.

use chrono::{SecondsFormat, Utc};
use serde_json::{Map, Value};

mod apply;
mod conflicts;
mod link;
mod pending;
mod publishing;

pub use apply::{apply_remote, apply_remote_or_set_aside, doc, stamp_changed_at, Applied};
pub use conflicts::{
    add_conflict, add_refusal, conflict, conflicts, mark_resolved, refusals, Conflict, Refusal,
};
pub use link::{clear, link, save_link, set_cursor, set_synced, TeamLink};
pub(crate) use pending::journal;
pub use pending::{
    drop_pending, next_pending, pending_count, rebase_pending, set_version, version,
};
pub use publishing::{
    drop_remote_page, local_targets, published_records, publishing_digest, remote_page,
    remote_page_times, take_published, upsert_remote_page, upsert_target,
};

/// The time now, as the team's local tables keep it (RFC 3339, milliseconds, UTC).
fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A stored JSON object's fields (none when the text is not an object).
fn json_map(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}
