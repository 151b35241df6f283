//! The team's images, the desk's side of a sync (team schema 5): images go to the team
//! before the changes that show them, text edits go as compare-and-set changes, and what the
//! team has that this desk lacks comes back (its text at once, its bytes after the sync's
//! pull or on demand). A desk without an image's bytes shows the named placeholder.

use crate::desk::Desk;
use crate::media::{self, MediaDir, MediaText};
use crate::secrets::SecretStore;

use super::media_local as shelf;
use super::server::Server;
use super::wire::{Member, Pending, TeamMedia};
use super::TeamError;

/// The team schema that carries images.
pub const MEDIA_SCHEMA: u32 = 5;

/// How many images' texts one pull of the image list asks for.
const MEDIA_BATCH: i64 = 1000;

/// What a round of the team's images did here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MediaRound {
    /// Images this desk gave the team (stored there now).
    pub sent: usize,
    /// Images this desk offered that the team had already (a retry, another desk's add).
    pub already: usize,
    /// Images whose bytes came from the team and are on this desk now.
    pub fetched: usize,
    /// Text edits the team took.
    pub texts: usize,
    /// What the team refused of this desk's, in words (an image over the team's cap, a text
    /// field someone changed meanwhile).
    pub refused: Vec<String>,
    /// The team's images this desk did not take (bytes that failed this desk's checks).
    pub set_aside: Vec<String>,
    /// Whether anything this desk shows changed.
    pub changed: bool,
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

fn is_editor(member: &Member) -> bool {
    member.roles.iter().any(|r| r == "editor")
}

/// Every image hash the pending changes show (a logo, a screenshot, `media:HASH` in text).
pub fn shown_by(pending: &[Pending]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for change in pending {
        let fields = serde_json::Value::Object(change.fields.clone());
        media::refs::each_reference(&fields, &mut |_, hash| {
            if !found.iter().any(|h| h == hash) {
                found.push(hash.to_string());
            }
        });
    }
    found
}

impl Desk {
    fn team_media_dir(&self) -> MediaDir {
        MediaDir::of(self.data_dir())
    }

    /// Gives the team the images it lacks that it should have before `pending` goes (those
    /// the changes show, those added here since joining; all of them when `all`), and the
    /// text edits made here. An editor's step: other members' desks send nothing (the
    /// server would refuse, and their changes cannot show a new image anyway).
    pub(crate) async fn team_push_media(
        &self,
        server: &Server,
        member: &Member,
        joined_at: &str,
        pending: &[Pending],
        all: bool,
        round: &mut MediaRound,
    ) -> Result<(), TeamError> {
        if !is_editor(member) {
            return Ok(());
        }
        let wanted = shown_by(pending);
        let unsent = shelf::unsent(self.store().conn(), joined_at, &wanted, all)?;
        let cap = if unsent.is_empty() {
            0
        } else {
            server.media_max_bytes().await?
        };
        let dir = self.team_media_dir();
        for hash in unsent {
            let item = self.store().media_item(&hash)?;
            let Some(item) = item else { continue };
            if item.bytes as i64 > cap {
                round.refused.push(format!(
                    "the image {} ({}) is {} bytes; the team takes images up to {cap} bytes \
                     (ask the team's admin to raise media_max_bytes), so it stays on this desk",
                    item.original_name,
                    short(&hash),
                    item.bytes
                ));
                continue;
            }
            let (_, data) = {
                let store = self.store();
                media::file(&store, &dir, &hash, &item.original_file()).map_err(|e| {
                    TeamError::Refused(format!("the image {} cannot be read: {e}", short(&hash)))
                })?
            };
            let sending = TeamMedia {
                hash: hash.clone(),
                mime: item.mime.clone(),
                width: item.width,
                height: item.height,
                bytes: data.len() as u64,
                original_name: item.original_name.clone(),
                alt: item.alt.clone(),
                credit: item.credit.clone(),
                decorative: item.decorative,
                added_by: member.login.clone(),
                seq: 0,
            };
            if server.push_media(&sending, &data).await? {
                round.sent += 1;
            } else {
                round.already += 1;
            }
            // The team's row as it is now (another desk's text, when it had the image first),
            // so the next push tells an edit made here from the team's own.
            if let Some(row) = server.media_row(&hash).await? {
                round.changed |= self
                    .store()
                    .transaction(|conn, _| shelf::take(conn, &row))?;
            }
        }
        let edits = shelf::text_edits(self.store().conn())?;
        for (hash, prev, fields) in edits {
            let answer = server.set_media_text(&hash, &prev, &fields).await?;
            round.texts += usize::from(!answer.applied.is_empty());
            if !answer.refused.is_empty() {
                let names: Vec<&str> = answer.refused.keys().map(String::as_str).collect();
                round.refused.push(format!(
                    "the image {}: {} changed on the team by {} meanwhile; the team's kept",
                    short(&hash),
                    names.join(", "),
                    answer.by
                ));
                self.store()
                    .transaction(|conn, _| shelf::set_text(conn, &hash, &answer.refused))?;
                round.changed = true;
            }
            if let Some(row) = server.media_row(&hash).await? {
                round.changed |= self
                    .store()
                    .transaction(|conn, _| shelf::take(conn, &row))?;
            }
        }
        Ok(())
    }

    /// Takes what the team says of its images since this desk's media cursor (in batches,
    /// each in one local transaction with the cursor).
    pub(crate) async fn team_pull_media(
        &self,
        server: &Server,
        round: &mut MediaRound,
    ) -> Result<(), TeamError> {
        let mut cursor = shelf::cursor(self.store().conn())?;
        loop {
            let batch = server.media_since(cursor, MEDIA_BATCH).await?;
            let Some(last) = batch.last().map(|m| m.seq) else {
                break;
            };
            round.changed |= self.store().transaction(|conn, _| {
                let mut changed = false;
                for m in &batch {
                    changed |= shelf::take(conn, m)?;
                }
                shelf::set_cursor(conn, last)?;
                Ok(changed)
            })?;
            cursor = last;
        }
        Ok(())
    }

    /// Fetches the bytes of the team's images this desk lacks (only `hashes`, when given):
    /// each checked as a file added here would be, its variants made here, stored with the
    /// team's text. An image whose bytes fail the checks is named and not fetched again.
    pub(crate) async fn team_fetch_missing(
        &self,
        server: &Server,
        hashes: Option<&[String]>,
        round: &mut MediaRound,
    ) -> Result<(), TeamError> {
        let missing = shelf::missing(self.store().conn(), hashes)?;
        let dir = self.team_media_dir();
        for m in missing {
            let Some(data) = server.media_data(&m.hash).await? else {
                continue;
            };
            // Checked and its variants made without holding the store.
            let taken = media::received(&m.original_name, &m.hash, &m.mime, &data);
            let mut store = self.store();
            match taken {
                Ok(intake) => {
                    let text = MediaText {
                        alt: Some(m.alt.clone()),
                        credit: Some(m.credit.clone()),
                        decorative: Some(m.decorative),
                    };
                    media::add(
                        &mut store,
                        &dir,
                        &intake,
                        &m.original_name,
                        &text,
                        Some(&m.added_by),
                    )
                    .map_err(|e| {
                        TeamError::Refused(format!(
                            "the team's image {} could not be stored here: {e}",
                            short(&m.hash)
                        ))
                    })?;
                    round.fetched += 1;
                    round.changed = true;
                }
                Err(e) => {
                    let why = format!(
                        "the team's image {} was not taken here: {e}",
                        short(&m.hash)
                    );
                    store.transaction(|conn, _| shelf::set_unusable(conn, &m.hash, &why))?;
                    round.set_aside.push(why);
                }
            }
        }
        Ok(())
    }

    /// Fetches the team's images among `hashes` that this desk lacks, now (a page needs
    /// them): the on-demand path beside the fetch after each sync. Returns how many came.
    pub async fn team_fetch_media(
        &self,
        secrets: &dyn SecretStore,
        hashes: &[String],
    ) -> Result<usize, TeamError> {
        let (server, _) = self.team_server(secrets).await?;
        if server.check_schema().await? < MEDIA_SCHEMA {
            return Ok(0);
        }
        let mut round = MediaRound::default();
        self.team_pull_media(&server, &mut round).await?;
        self.team_fetch_missing(&server, Some(hashes), &mut round)
            .await?;
        Ok(round.fetched)
    }

    /// The team's images this desk knows of but holds no bytes of (yet): hash and name.
    pub fn team_media_missing(&self) -> Result<Vec<(String, String)>, TeamError> {
        Ok(shelf::missing(self.store().conn(), None)?
            .into_iter()
            .map(|m| (m.hash, m.original_name))
            .collect())
    }
}
