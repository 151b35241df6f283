//! Publishing shared with the team in a sync: targets, what each target holds of each page,
//! and how each published page looked when it was published, the same on every desk.

use crate::desk::Desk;
use crate::team::local::{self, TeamLink};
use crate::team::server::Server;
use crate::team::wire::{Member, TeamPublished};
use crate::team::TeamError;

impl Desk {
    /// Publishing shared with the team: a publisher's targets go to the team (their secrets
    /// stay in the keyring); every desk takes the team's targets, what each target holds of
    /// each page, and (schema 4) how each published page looked when it was published, so no
    /// desk sends a page the target already has from another desk, and every desk says the
    /// same about where a page is live and whether it is stale. True when anything here
    /// changed.
    pub(super) async fn share_publishing(
        &self,
        server: &Server,
        member: &Member,
        link: &TeamLink,
        schema: u32,
    ) -> Result<bool, TeamError> {
        let publisher = member.roles.iter().any(|r| r == "publisher");
        let editor = member.roles.iter().any(|r| r == "editor");
        if publisher {
            let known: std::collections::HashSet<String> = server
                .targets()
                .await?
                .into_iter()
                .map(|t| t.name)
                .collect();
            let ours = local::local_targets(self.store().conn())?;
            for target in ours.iter().filter(|t| !known.contains(&t.name)) {
                server.set_target(target).await?;
            }
        }
        let mut published = Vec::new();
        if schema >= 4 {
            // This desk's records the team does not have (the seeding desk's, a publish made
            // here) go first; then the team's record is the one every desk keeps.
            if publisher || editor {
                let team: std::collections::HashMap<String, chrono::DateTime<chrono::Utc>> = server
                    .published_pages()
                    .await?
                    .into_iter()
                    .map(|p| (p.slug, p.published_at))
                    .collect();
                let ours = local::published_records(self.store().conn())?;
                for (slug, page_hash, at) in ours {
                    let Ok(at) = chrono::DateTime::parse_from_rfc3339(&at) else {
                        continue;
                    };
                    let at = at.with_timezone(&chrono::Utc);
                    if team.get(&slug).is_some_and(|t| *t >= at) {
                        continue;
                    }
                    server
                        .record_published(&TeamPublished {
                            slug,
                            page_hash,
                            published_at: at,
                        })
                        .await?;
                }
            }
            published = server.published_pages().await?;
        }
        let targets = server.targets().await?;
        let pages = server.remote_pages().await?;
        let shared: std::collections::HashSet<&str> =
            targets.iter().map(|t| t.name.as_str()).collect();
        let held: std::collections::HashSet<(&str, &str)> = pages
            .iter()
            .map(|p| (p.target.as_str(), p.slug.as_str()))
            .collect();
        // A page this desk records on a team target that the team's records lack: another
        // desk removed it there; or this desk wrote it since its last sync and could not
        // tell the team then (the target was not shared yet, the server was away), and a
        // publisher's desk tells it now.
        let last_sync = link
            .synced_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
        let mut gone: Vec<(String, String)> = Vec::new();
        let mut untold: Vec<(String, String)> = Vec::new();
        for (target, slug, at) in local::remote_page_times(self.store().conn())? {
            if !shared.contains(target.as_str()) || held.contains(&(target.as_str(), slug.as_str()))
            {
                continue;
            }
            let written = chrono::DateTime::parse_from_rfc3339(&at).ok();
            let since_last_sync = match (written, last_sync) {
                (Some(w), Some(s)) => w > s,
                _ => true,
            };
            if publisher && since_last_sync {
                untold.push((target, slug));
            } else {
                gone.push((target, slug));
            }
        }
        if !untold.is_empty() {
            let desk = uuid::Uuid::parse_str(&link.desk_id)
                .map_err(|e| TeamError::BadReply(format!("this desk's id: {e}")))?;
            for (target, slug) in &untold {
                let page = local::remote_page(self.store().conn(), target, slug)?;
                if let Some(page) = page {
                    server.record_page(desk, target, slug, Some(&page)).await?;
                }
            }
        }
        let changed = self.store().transaction(|conn, _| {
            let before = local::publishing_digest(conn)?;
            for t in &targets {
                local::upsert_target(conn, t)?;
            }
            for p in &pages {
                local::upsert_remote_page(conn, p)?;
            }
            for (target, slug) in &gone {
                local::drop_remote_page(conn, target, slug)?;
            }
            for p in &published {
                local::take_published(conn, p)?;
            }
            Ok(local::publishing_digest(conn)? != before)
        })?;
        Ok(changed)
    }
}
