//! Publishing as the team shares it, on this desk's side: its targets (no secret), what each
//! target holds of each page, and how each published page looked when it was published.

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::store::Result;
use crate::team::wire::{TeamPublished, TeamRemotePage, TeamTarget};

use super::now;

/// This desk's targets, as the team shares them (no secret).
pub fn local_targets(conn: &Connection) -> Result<Vec<TeamTarget>> {
    let mut stmt = conn.prepare("SELECT name, kind, url, user FROM targets ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(TeamTarget {
                name: r.get(0)?,
                kind: r.get(1)?,
                url: r.get(2)?,
                user: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Takes a team-wide target's settings (its secret stays in each keyring).
pub fn upsert_target(conn: &Connection, t: &TeamTarget) -> Result<()> {
    conn.execute(
        "INSERT INTO targets (name, kind, url, user, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url,
             user = excluded.user",
        params![t.name, t.kind, t.url, t.user, now()],
    )?;
    Ok(())
}

/// Takes what the team recorded a target holds of a page, unless this desk knows of a later
/// write of its own (made while the team could not be told).
pub fn upsert_remote_page(conn: &Connection, p: &TeamRemotePage) -> Result<()> {
    let published = p.published_at.to_rfc3339_opts(SecondsFormat::Millis, true);
    conn.execute(
        "INSERT INTO remote_pages (target, slug, remote_id, remote_url, content_hash, version,
                                   published_at, kept_remote)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (target, slug) DO UPDATE SET remote_id = excluded.remote_id,
             remote_url = excluded.remote_url, content_hash = excluded.content_hash,
             version = excluded.version, published_at = excluded.published_at,
             kept_remote = excluded.kept_remote
         WHERE excluded.published_at >= remote_pages.published_at",
        params![
            p.target,
            p.slug,
            p.remote_id,
            p.remote_url,
            p.content_hash,
            p.version,
            published,
            p.kept_remote
        ],
    )?;
    Ok(())
}

/// This desk's records of how its published pages looked when they were published (pages
/// published here only): slug, page hash, when.
pub fn published_records(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT c.slug, p.page_hash, p.published_at FROM published_pages p
           JOIN comparisons c ON c.id = p.comparison_id
          WHERE c.status = 'published' ORDER BY c.slug",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Takes the team's record of how a page looked when it was published (for a page this desk
/// holds).
pub fn take_published(conn: &Connection, p: &TeamPublished) -> Result<()> {
    conn.execute(
        "INSERT INTO published_pages (comparison_id, page_hash, published_at)
         SELECT id, ?2, ?3 FROM comparisons WHERE slug = ?1
         ON CONFLICT (comparison_id) DO UPDATE
           SET page_hash = excluded.page_hash, published_at = excluded.published_at",
        params![
            p.slug,
            p.page_hash,
            p.published_at.to_rfc3339_opts(SecondsFormat::Millis, true)
        ],
    )?;
    Ok(())
}

/// What this desk records each target holds: target, slug, when it was written (RFC 3339).
pub fn remote_page_times(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare("SELECT target, slug, published_at FROM remote_pages")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn drop_remote_page(conn: &Connection, target: &str, slug: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM remote_pages WHERE target = ?1 AND slug = ?2",
        params![target, slug],
    )?;
    Ok(())
}

/// A digest of what this desk knows about publishing (targets, what they hold, how published
/// pages looked): tells whether taking the team's records changed anything here.
pub fn publishing_digest(conn: &Connection) -> Result<String> {
    let mut parts: Vec<String> = Vec::new();
    for sql in [
        "SELECT name || '|' || kind || '|' || url || '|' || coalesce(user, '') FROM targets ORDER BY name",
        "SELECT target || '|' || slug || '|' || content_hash || '|' || version || '|' || kept_remote
           FROM remote_pages ORDER BY target, slug",
        "SELECT comparison_id || '|' || page_hash || '|' || published_at FROM published_pages
          ORDER BY comparison_id",
    ] {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        parts.extend(rows);
    }
    Ok(crate::util::hash(
        &parts.iter().map(|p| p.as_bytes()).collect::<Vec<_>>(),
    ))
}

/// This desk's record of what `target` holds of `slug`, as the team shares it.
pub fn remote_page(conn: &Connection, target: &str, slug: &str) -> Result<Option<TeamRemotePage>> {
    let row = conn
        .query_row(
            "SELECT remote_id, remote_url, content_hash, version, published_at, kept_remote
               FROM remote_pages WHERE target = ?1 AND slug = ?2",
            params![target, slug],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(
        |(remote_id, remote_url, content_hash, version, at, kept_remote)| TeamRemotePage {
            target: target.to_string(),
            slug: slug.to_string(),
            remote_id,
            remote_url,
            content_hash,
            version,
            published_at: chrono::DateTime::parse_from_rfc3339(&at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|_| Utc::now()),
            kept_remote,
        },
    ))
}
