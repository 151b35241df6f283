//! Which kinds of desktop notices the member wants: each kind can be switched off (Settings →
//! Notifications). A preference of whoever uses this desk, never the team's: it is kept with
//! the notices raised on this desk (`notices_raised`, one row `off:<kind>` per kind switched
//! off, never forgotten), not in the site settings every member shares.

use rusqlite::params;

use crate::desk::{Desk, DeskError};
use crate::notices::{NoticeKind, NoticeSwitch};
use crate::store::StoreError;

/// The row that says `kind` is switched off.
fn row_key(kind: NoticeKind) -> String {
    format!("off:{}", kind.as_str())
}

/// When a switched-off row was "raised": never forgotten by the clean-up of old notices.
const KEPT: &str = "9999-12-31T00:00:00.000Z";

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
        {
            let store = self.store();
            let conn = store.conn();
            if on {
                conn.execute(
                    "DELETE FROM notices_raised WHERE key = ?1",
                    params![row_key(kind)],
                )
            } else {
                conn.execute(
                    "INSERT INTO notices_raised (key, raised_at) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET raised_at = excluded.raised_at",
                    params![row_key(kind), KEPT],
                )
            }
            .map_err(StoreError::from)?;
        }
        self.notice_switches()
    }

    /// The kinds switched off.
    pub(super) fn notices_off(&self) -> Result<Vec<NoticeKind>, DeskError> {
        let store = self.store();
        let mut stmt = store
            .conn()
            .prepare("SELECT key FROM notices_raised WHERE key LIKE 'off:%'")
            .map_err(StoreError::from)?;
        let keys = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(StoreError::from)?;
        Ok(NoticeKind::ALL
            .into_iter()
            .filter(|k| keys.contains(&row_key(*k)))
            .collect())
    }
}
