//! An image's text as revisions and the team see it: the document kept for each image (alt,
//! credit, decorative; `EntityKind::Media`, keyed by the hash; types in media/text.rs) and its save, which keeps a
//! revision by the save's author like any entity's, and on a team desk becomes a change.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::revisions::{keep_first_revision, record_media_revision};
use super::{SaveOutcome, SaveTx, StoreError};
use crate::media::{text_problems, MediaDoc, MediaText};
use crate::model::EntityKind;

/// The image's text as stored now (`None`: the desk has no such image).
pub(crate) fn doc(conn: &Connection, hash: &str) -> Result<Option<MediaDoc>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT alt, credit, decorative FROM media WHERE hash = ?1")?
        .query_row([hash], |r| {
            Ok(MediaDoc {
                alt: r.get(0)?,
                credit: r.get(1)?,
                decorative: r.get(2)?,
            })
        })
        .optional()?)
}

/// Keeps an image's first revision (its text as it is, by who added it, when it was added)
/// unless it has one: the add itself, whose text travels with the bytes rather than as a
/// change, or an image added before its text had revisions, so its history starts where the
/// image did and the text before the first edit can be restored.
pub(crate) fn first_revision(conn: &Connection, hash: &str) -> Result<(), StoreError> {
    let row: Option<(String, Option<String>)> = conn
        .prepare_cached("SELECT added_at, added_by FROM media WHERE hash = ?1")?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (Some((added_at, added_by)), Some(text)) = (row, doc(conn, hash)?) else {
        return Ok(());
    };
    keep_first_revision(
        conn,
        EntityKind::Media,
        hash,
        &text.to_json(),
        &added_at,
        added_by.as_deref(),
    )
}

/// Sets an image's text and keeps a revision of it by the transaction's author (on a team
/// desk, the journal makes the changed fields a change for the team). An image this desk
/// does not have is left alone (`Unchanged`): a team change to an image whose bytes have not
/// arrived; the team's row brings its text with them.
pub(crate) fn save_text_tx(
    conn: &SaveTx,
    hash: &str,
    text: &MediaDoc,
    now: DateTime<Utc>,
) -> Result<SaveOutcome, StoreError> {
    let given = MediaText {
        alt: Some(text.alt.clone()),
        credit: Some(text.credit.clone()),
        decorative: Some(text.decorative),
    };
    let problems = text_problems(&given);
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    first_revision(conn, hash)?;
    let updated = conn
        .prepare_cached("UPDATE media SET alt = ?2, credit = ?3, decorative = ?4 WHERE hash = ?1")?
        .execute(params![hash, text.alt, text.credit, text.decorative])?;
    if updated == 0 {
        return Ok(SaveOutcome::Unchanged);
    }
    record_media_revision(conn, hash, &text.to_json(), now)
}
