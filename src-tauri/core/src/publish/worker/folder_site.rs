//! What a folder target holds after a run, recorded: it writes the whole site, so every
//! page in the folder is recorded as held (here and with the team) and a page it removed as
//! gone.

use chrono::Utc;

use super::Shared;

/// A folder target writes the whole site when a run finishes: every published page, not
/// only those it was told to. Every page it now holds is recorded as held (here, and with
/// the team), and a page it removed as gone, so every desk says where each page is live.
pub(super) async fn record_site(shared: &Shared, name: &str) -> Result<(), String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let Some(config) = shared
        .store()
        .outbox()
        .target(name)
        .map_err(|e| text(&e))?
        .filter(|c| c.kind == crate::publish::TargetKind::Folder)
    else {
        return Ok(());
    };
    let lib = shared.pages.library(shared.store()).map_err(|e| text(&e))?;
    let hashes = shared.pages.published_hashes(&lib).map_err(|e| text(&e))?;
    let held = crate::publish::folder::site_pages(&config.url);
    let mut tell: Vec<(String, Option<crate::store::outbox::RemoteRecord>)> = Vec::new();
    {
        let store = shared.store();
        let known = store.outbox().remote_hashes(name).map_err(|e| text(&e))?;
        let now = Utc::now();
        let in_folder: std::collections::HashSet<&str> =
            held.iter().map(|(slug, _)| slug.as_str()).collect();
        for (slug, mut record) in held.iter().cloned() {
            let Some(hash) = hashes.get(&slug) else {
                continue;
            };
            record.content_hash = hash.clone();
            let last = store
                .outbox()
                .remote_record(name, &slug)
                .map_err(|e| text(&e))?;
            if last.as_ref().is_some_and(|l| {
                l.version == record.version && l.content_hash == record.content_hash
            }) {
                continue;
            }
            let page = crate::team::wire::TeamRemotePage {
                target: name.to_string(),
                slug: slug.clone(),
                remote_id: None,
                remote_url: record.url.clone(),
                content_hash: record.content_hash.clone(),
                version: record.version.clone(),
                published_at: now,
                kept_remote: false,
            };
            crate::team::local::upsert_remote_page(store.conn(), &page).map_err(|e| text(&e))?;
            tell.push((slug, Some(record)));
        }
        // A page kept at the target's own copy was never ours: left as the publisher chose.
        for (slug, (_, kept)) in known {
            if !kept && !in_folder.contains(slug.as_str()) {
                crate::team::local::drop_remote_page(store.conn(), name, &slug)
                    .map_err(|e| text(&e))?;
                tell.push((slug, None));
            }
        }
    }
    if let Some(gate) = &shared.team {
        for (slug, record) in &tell {
            if let Err(e) = gate.record(name, slug, record.as_ref()).await {
                tracing::warn!(%slug, target = %name, error = %e,
                    "the team could not be told what the folder holds");
            }
        }
    }
    Ok(())
}
