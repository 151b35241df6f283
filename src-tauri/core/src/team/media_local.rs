//! The team's images on this desk's side in SQLite (`team_media`, migration 0012): what the
//! team last said of each image, the media cursor, and the images the team lacks. (Text
//! edits are revisions of `EntityKind::Media` and go with the other pending changes.)
//! Store-level: it knows rows, not the server.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::wire::TeamMedia;
use crate::media::MediaDoc;
use crate::store::{Result, SaveTx};

/// The last `verdict.media.seq` this desk took.
pub fn cursor(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row("SELECT media_cursor FROM team_link WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

pub fn set_cursor(conn: &Connection, cursor: i64) -> Result<()> {
    conn.execute(
        "UPDATE team_link SET media_cursor = max(media_cursor, ?1) WHERE id = 1",
        [cursor],
    )?;
    Ok(())
}

/// What the team last said of an image, if this desk heard of it.
pub fn known(conn: &Connection, hash: &str) -> Result<Option<TeamMedia>> {
    Ok(conn
        .query_row(
            "SELECT hash, mime, width, height, bytes, original_name, alt, credit, decorative,
                    added_by, seq FROM team_media WHERE hash = ?1",
            [hash],
            |r| {
                Ok(TeamMedia {
                    hash: r.get(0)?,
                    mime: r.get(1)?,
                    width: r.get(2)?,
                    height: r.get(3)?,
                    bytes: r.get(4)?,
                    original_name: r.get(5)?,
                    alt: r.get(6)?,
                    credit: r.get(7)?,
                    decorative: r.get(8)?,
                    added_by: r.get(9)?,
                    seq: r.get(10)?,
                })
            },
        )
        .optional()?)
}

/// Takes the team's word on an image: its row here, and its text into the desk's own image
/// for each field this desk has not changed since it last heard from the team (a change
/// made here goes to the team at the next push instead), as a revision of the image's text
/// that is not sent back. On a team of schema 6 the log has brought the same text already,
/// with its author; this catches what it cannot (an image added with its text, schema 5's
/// text edits). True when the desk's image changed.
pub fn take(conn: &SaveTx, m: &TeamMedia, now: DateTime<Utc>) -> Result<bool> {
    let before = known(conn, &m.hash)?;
    conn.execute(
        "INSERT INTO team_media (hash, mime, width, height, bytes, original_name, alt, credit,
                                 decorative, added_by, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (hash) DO UPDATE SET alt = excluded.alt, credit = excluded.credit,
             decorative = excluded.decorative, seq = excluded.seq
         WHERE excluded.seq >= team_media.seq",
        params![
            m.hash,
            m.mime,
            m.width,
            m.height,
            m.bytes,
            m.original_name,
            m.alt,
            m.credit,
            m.decorative,
            m.added_by,
            m.seq
        ],
    )?;
    let here: Option<(String, String, bool)> = conn
        .query_row(
            "SELECT alt, credit, decorative FROM media WHERE hash = ?1",
            [&m.hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((alt, credit, decorative)) = here else {
        return Ok(false);
    };
    let untouched = |field: &str| match &before {
        None => true,
        Some(b) => match field {
            "alt" => b.alt == alt,
            "credit" => b.credit == credit,
            _ => b.decorative == decorative,
        },
    };
    let new_alt = if untouched("alt") { &m.alt } else { &alt };
    let new_credit = if untouched("credit") {
        &m.credit
    } else {
        &credit
    };
    let new_decorative = if untouched("decorative") {
        m.decorative
    } else {
        decorative
    };
    if (new_alt, new_credit, new_decorative) == (&alt, &credit, decorative) {
        return Ok(false);
    }
    crate::store::save_media_text_tx(
        conn,
        &m.hash,
        &MediaDoc {
            alt: new_alt.clone(),
            credit: new_credit.clone(),
            decorative: new_decorative,
        },
        now,
    )?;
    Ok(true)
}

/// The desk's images that have not reached the team and should: those added here since the
/// desk joined (`joined_at`), those in `wanted` (images the changes about to be pushed show),
/// or every one when `all` (the desk seeding an empty team). Hashes, oldest first.
pub fn unsent(
    conn: &Connection,
    joined_at: &str,
    wanted: &[String],
    all: bool,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT hash, added_at FROM media m
          WHERE NOT EXISTS (SELECT 1 FROM team_media t WHERE t.hash = m.hash)
          ORDER BY added_at, hash",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|(hash, added_at)| all || wanted.contains(hash) || added_after(added_at, joined_at))
        .map(|(hash, _)| hash)
        .collect())
}

/// Whether an RFC 3339 time is at or after another (parsed: the two may differ in format).
fn added_after(at: &str, since: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(at),
        chrono::DateTime::parse_from_rfc3339(since),
    ) {
        (Ok(a), Ok(s)) => a >= s,
        _ => at >= since,
    }
}

/// Images the team has whose bytes this desk lacks (and has not found unusable), or only
/// those of `hashes` when given.
pub fn missing(conn: &Connection, hashes: Option<&[String]>) -> Result<Vec<TeamMedia>> {
    let mut stmt = conn.prepare(
        "SELECT hash FROM team_media t
          WHERE unusable IS NULL AND NOT EXISTS (SELECT 1 FROM media m WHERE m.hash = t.hash)
          ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for hash in rows {
        if hashes.is_some_and(|h| !h.contains(&hash)) {
            continue;
        }
        if let Some(m) = known(conn, &hash)? {
            out.push(m);
        }
    }
    Ok(out)
}

/// Records why an image's bytes from the team could not be taken here, so they are not
/// fetched again at every sync.
pub fn set_unusable(conn: &Connection, hash: &str, why: &str) -> Result<()> {
    conn.execute(
        "UPDATE team_media SET unusable = ?2 WHERE hash = ?1",
        params![hash, why],
    )?;
    Ok(())
}

/// Forgets the team's images (leaving a team); the desk's own images stay.
pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM team_media", [])?;
    Ok(())
}
