//! What the team shares about publishing: its targets (no secret), what each target holds
//! of a page, the claims that keep two desks from writing one page at once, and how each
//! page looked when it was published.

use crate::team::wire::{TeamPublished, TeamRemotePage, TeamTarget};
use crate::team::TeamError;

use super::Server;

impl Server {
    pub async fn targets(&self) -> Result<Vec<TeamTarget>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT name, kind, url, \"user\" FROM verdict.targets ORDER BY name",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows
            .iter()
            .map(|r| TeamTarget {
                name: r.get(0),
                kind: r.get(1),
                url: r.get(2),
                user: r.get(3),
            })
            .collect())
    }

    /// Shares a target's settings with the team (a publisher's step).
    pub async fn set_target(&self, t: &TeamTarget) -> Result<(), TeamError> {
        self.client
            .execute(
                "SELECT verdict.set_target($1, $2, $3, $4)",
                &[&t.name, &t.kind, &t.url, &t.user],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    pub async fn remote_pages(&self) -> Result<Vec<TeamRemotePage>, TeamError> {
        let rows = self
            .client
            .query(&format!("{REMOTE_PAGES} ORDER BY target, slug"), &[])
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows.iter().map(remote_page).collect())
    }

    /// What the team recorded a target holds of one page.
    pub async fn remote_page(
        &self,
        target: &str,
        slug: &str,
    ) -> Result<Option<TeamRemotePage>, TeamError> {
        let row = self
            .client
            .query_opt(
                &format!("{REMOTE_PAGES} WHERE target = $1 AND slug = $2"),
                &[&target, &slug],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(row.as_ref().map(remote_page))
    }

    /// Claims a page on a target for this desk: `None` when it may write it now, else the
    /// member whose desk is writing it.
    pub async fn claim_page(
        &self,
        desk: uuid::Uuid,
        target: &str,
        slug: &str,
        seconds: i32,
    ) -> Result<Option<String>, TeamError> {
        Ok(self
            .client
            .query_one(
                "SELECT verdict.claim_page($1, $2, $3, $4)",
                &[&desk, &target, &slug, &seconds],
            )
            .await
            .map_err(|e| self.error(e))?
            .get(0))
    }

    /// Records what the target now holds of a page (`None`: nothing) and frees the claim.
    pub async fn record_page(
        &self,
        desk: uuid::Uuid,
        target: &str,
        slug: &str,
        page: Option<&TeamRemotePage>,
    ) -> Result<(), TeamError> {
        let none: Option<String> = None;
        let (id, url, hash, version, kept) = match page {
            Some(p) => (
                p.remote_id.clone(),
                p.remote_url.clone(),
                p.content_hash.clone(),
                p.version.clone(),
                p.kept_remote,
            ),
            None => (none.clone(), none, String::new(), String::new(), false),
        };
        self.client
            .execute(
                "SELECT verdict.record_page($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &desk,
                    &target,
                    &slug,
                    &id,
                    &url,
                    &hash,
                    &version,
                    &kept,
                    &page.is_none(),
                ],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }
}

impl Server {
    /// Every page's published record.
    pub async fn published_pages(&self) -> Result<Vec<TeamPublished>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT slug, page_hash, published_at FROM verdict.published_pages ORDER BY slug",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows
            .iter()
            .map(|r| TeamPublished {
                slug: r.get(0),
                page_hash: r.get(1),
                published_at: r.get(2),
            })
            .collect())
    }

    /// Offers the team this desk's record of a published page; true when the team took it
    /// (it keeps a newer one, and takes an editor's only where it has none).
    pub async fn record_published(&self, p: &TeamPublished) -> Result<bool, TeamError> {
        Ok(self
            .client
            .query_one(
                "SELECT verdict.record_published($1, $2, $3)",
                &[&p.slug, &p.page_hash, &p.published_at],
            )
            .await
            .map_err(|e| self.error(e))?
            .get(0))
    }
}

const REMOTE_PAGES: &str = "SELECT target, slug, remote_id, remote_url, content_hash, version,
        published_at, kept_remote FROM verdict.remote_pages";

fn remote_page(r: &tokio_postgres::Row) -> TeamRemotePage {
    TeamRemotePage {
        target: r.get(0),
        slug: r.get(1),
        remote_id: r.get(2),
        remote_url: r.get(3),
        content_hash: r.get(4),
        version: r.get(5),
        published_at: r.get(6),
        kept_remote: r.get(7),
    }
}
