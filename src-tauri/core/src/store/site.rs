//! The site settings (one row).

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::revisions::record_revision;
use super::{check, from_doc, now_text, to_doc, Result, SaveCtx, SaveOutcome, SaveTx, Store};
use crate::model::{EntityKind, SiteSettings};

impl Store {
    pub fn save_site(&mut self, ctx: &SaveCtx, site: &SiteSettings) -> Result<SaveOutcome> {
        self.write(ctx, |tx, now| save_site_tx(tx, site, now))
    }

    pub fn site(&self) -> Result<SiteSettings> {
        let doc: Option<String> = self
            .conn
            .prepare_cached("SELECT doc FROM site_settings WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?;
        match doc {
            Some(d) => from_doc("site settings", "site", &d),
            None => Ok(SiteSettings::default()),
        }
    }
}

pub(crate) fn save_site_tx(
    conn: &SaveTx,
    site: &SiteSettings,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(site)?;
    let doc = to_doc(site);
    let outcome = record_revision(conn, EntityKind::Site, "site", &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.prepare_cached(
            "INSERT INTO site_settings (id, doc, updated_at) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
        )?
        .execute(params![doc, now_text(now)])?;
    }
    Ok(outcome)
}
