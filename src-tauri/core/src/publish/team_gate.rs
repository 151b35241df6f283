//! Publishing on a team desk: before a desk writes a page to a target it claims the page on
//! the team's server (another desk writing it makes this one wait), learns what the team
//! knows the target holds, and afterwards records what the target acknowledged, so two
//! publishers' desks never send the same page twice or fight over a target.

use std::sync::Arc;
use std::time::Duration;

use crate::secrets::SecretStore;
use crate::store::Store;
use crate::team::local::TeamLink;
use crate::team::server::Server;
use crate::team::wire::TeamRemotePage;

use crate::store::outbox::RemoteRecord;

/// How long a claim holds: longer than one write with its timeout.
const CLAIM_SECONDS: i32 = 120;

/// How long a desk waits before asking again when another desk is writing the page.
pub(crate) const BUSY_WAIT: Duration = Duration::from_secs(30);

/// The team's answer to a claim.
pub(crate) enum Claim {
    /// This desk may write the page; the team's record of what the target holds, if any.
    Go(Option<RemoteRecord>),
    /// The member whose desk is writing it now.
    Busy(String),
}

pub(crate) struct TeamGate {
    link: TeamLink,
    desk: uuid::Uuid,
    secrets: Arc<dyn SecretStore>,
    /// Connected at the first claim; again after the connection is lost.
    server: tokio::sync::Mutex<Option<Server>>,
}

impl TeamGate {
    /// The gate of a desk on a team whose server knows shared publishing; `None` for a desk
    /// that works alone.
    pub(crate) fn for_store(
        store: &Store,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Option<TeamGate>, crate::store::StoreError> {
        let Some(link) = crate::team::local::link(store.conn())? else {
            return Ok(None);
        };
        let Ok(desk) = uuid::Uuid::parse_str(&link.desk_id) else {
            return Ok(None);
        };
        Ok(Some(TeamGate {
            link,
            desk,
            secrets,
            server: tokio::sync::Mutex::new(None),
        }))
    }

    /// The connection to the team's server, made (again) when there is none.
    async fn connected(&self) -> Result<tokio::sync::MutexGuard<'_, Option<Server>>, String> {
        let mut guard = self.server.lock().await;
        if guard.as_ref().is_none_or(Server::is_closed) {
            let password =
                crate::team::password(self.secrets.as_ref(), &self.link.user, &self.link.url)
                    .map_err(|e| e.to_string())?;
            let server = Server::connect(&self.link.url, Some(&self.link.user), &password)
                .await
                .map_err(|e| e.to_string())?;
            *guard = Some(server);
        }
        Ok(guard)
    }

    /// Claims `slug` on `target` for this desk.
    pub(crate) async fn claim(&self, target: &str, slug: &str) -> Result<Claim, String> {
        let guard = self.connected().await?;
        let server = guard.as_ref().expect("connected");
        let busy = server
            .claim_page(self.desk, target, slug, CLAIM_SECONDS)
            .await
            .map_err(|e| e.to_string())?;
        if let Some(holder) = busy {
            return Ok(Claim::Busy(holder));
        }
        let record = server
            .remote_page(target, slug)
            .await
            .map_err(|e| e.to_string())?
            .map(|p| RemoteRecord {
                remote_id: p.remote_id,
                url: p.remote_url,
                content_hash: p.content_hash,
                version: p.version,
            });
        Ok(Claim::Go(record))
    }

    /// Records what `target` now holds of `slug` (`None`: nothing) and frees the claim.
    pub(crate) async fn record(
        &self,
        target: &str,
        slug: &str,
        record: Option<&RemoteRecord>,
    ) -> Result<(), String> {
        let page = record.map(|r| TeamRemotePage {
            target: target.to_string(),
            slug: slug.to_string(),
            remote_id: r.remote_id.clone(),
            remote_url: r.url.clone(),
            content_hash: r.content_hash.clone(),
            version: r.version.clone(),
            published_at: chrono::Utc::now(),
            kept_remote: false,
        });
        let guard = self.connected().await?;
        let server = guard.as_ref().expect("connected");
        server
            .record_page(self.desk, target, slug, page.as_ref())
            .await
            .map_err(|e| e.to_string())
    }
}
