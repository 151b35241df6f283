//! Local user profiles (not content: no revisions, never exported).

use chrono::Utc;
use rusqlite::params;

use super::{check, id_of, now_text, to_doc, Result, Store, StoreError};
use crate::workflow::Profile;

impl Store {
    /// Saves a local user profile (not content: no revision, never exported).
    pub fn save_profile(&mut self, profile: &Profile) -> Result<()> {
        check(profile)?;
        if let Some(r) = &profile.reviewer {
            if id_of(&self.conn, "reviewers", r)?.is_none() {
                return Err(StoreError::invalid(
                    "reviewer",
                    format!("no reviewer \"{r}\""),
                ));
            }
        }
        self.conn.execute(
            "INSERT INTO profiles (slug, doc, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(slug) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
            params![profile.slug, to_doc(profile), now_text(Utc::now())],
        )?;
        Ok(())
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.docs(
            "profile",
            "SELECT slug, doc FROM profiles ORDER BY slug",
            [],
        )
    }

    pub fn profile(&self, slug: &str) -> Result<Option<Profile>> {
        Ok(self
            .docs(
                "profile",
                "SELECT slug, doc FROM profiles WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }
}
