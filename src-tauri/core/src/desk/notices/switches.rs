//! Which kinds of desktop notices the member wants: each kind can be switched off (Settings →
//! Notifications). A preference of whoever uses this desk, never the team's: kept in this
//! desk's `notice_switches` (one row per kind switched here; a kind without one is on), not
//! in the site settings every member shares.

use rusqlite::params;

use super::{NoticeKind, NoticeSwitch};
use crate::desk::{Desk, DeskError};
use crate::store::StoreError;

impl Desk {
    /// Every kind of notice and whether it is on (all are, until switched off).
    pub fn notice_switches(&self) -> Result<Vec<NoticeSwitch>, DeskError> {
        let off = self.notices_off()?;
        Ok(NoticeKind::ALL
            .into_iter()
            .map(|kind| NoticeSwitch {
                kind,
                label: kind.label().into(),
                on: !off.contains(&kind),
                team_only: kind.team_only(),
            })
            .collect())
    }

    /// Switches notices of `kind` (its name, as [`NoticeKind::as_str`] says it) on or off;
    /// returns every switch.
    pub fn set_notice_switch(&self, kind: &str, on: bool) -> Result<Vec<NoticeSwitch>, DeskError> {
        let kind = NoticeKind::parse(kind.trim()).map_err(|e| StoreError::Invalid(vec![e]))?;
        self.store()
            .conn()
            .execute(
                "INSERT INTO notice_switches (kind, enabled) VALUES (?1, ?2)
                 ON CONFLICT (kind) DO UPDATE SET enabled = excluded.enabled",
                params![kind.as_str(), on],
            )
            .map_err(StoreError::from)?;
        self.notice_switches()
    }

    /// The kinds switched off.
    pub(super) fn notices_off(&self) -> Result<Vec<NoticeKind>, DeskError> {
        let store = self.store();
        let mut stmt = store
            .conn()
            .prepare("SELECT kind FROM notice_switches WHERE enabled = 0")
            .map_err(StoreError::from)?;
        let off = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(StoreError::from)?;
        Ok(NoticeKind::ALL
            .into_iter()
            .filter(|k| off.iter().any(|o| o == k.as_str()))
            .collect())
    }
}
