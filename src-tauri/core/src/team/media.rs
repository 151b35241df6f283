//! The team's images, the desk's side of a sync (team schema 5): images go to the team
//! before the changes that show them (their text edits are `media` changes of the log from
//! schema 6, compare-and-set calls before it), and what the team has that this desk lacks
//! comes back (its text at once, its bytes after the sync's
//! pull or on demand). A desk without an image's bytes shows the named placeholder.

use crate::desk::Desk;
use crate::media::{self, MediaDir, MediaText};
use crate::model::EntityKind;
use crate::secrets::SecretStore;
use crate::store::{Origin, SaveCtx};

use super::media_local as shelf;
use super::server::Server;
use super::wire::{Member, Pending, TeamMedia};
use super::TeamError;

/// The team schema that carries images.
pub const MEDIA_SCHEMA: u32 = 5;

/// The team schema whose log carries images' text as `media` entities (revisions, conflicts
/// per field); before it, text edits go through `verdict.set_media_text`.
pub const MEDIA_TEXT_SCHEMA: u32 = 6;

/// How many images' texts one pull of the image list asks for.
const MEDIA_BATCH: i64 = 1000;

/// At most this many images' bytes, or about this many bytes, per fetch.
const FETCH_BATCH: usize = 64;
const FETCH_BYTES: u64 = 32 * 1024 * 1024;

type Taken = Result<media::Intake, media::IntakeError>;

/// Checks the fetched originals and makes their variants, on every core (the intake is
/// pure computation; the store is not touched). Keeps the order.
fn take_all(arrived: Vec<(TeamMedia, Vec<u8>)>) -> Vec<(TeamMedia, Taken)> {
    let take = |(m, data): (TeamMedia, Vec<u8>)| {
        let taken = media::received(&m.original_name, &m.hash, &m.mime, &data);
        (m, taken)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || arrived.len() < 2 {
        return arrived.into_iter().map(take).collect();
    }
    let per = arrived.len().div_ceil(threads);
    let mut groups: Vec<Vec<(TeamMedia, Vec<u8>)>> = Vec::new();
    let mut items = arrived.into_iter();
    loop {
        let group: Vec<_> = items.by_ref().take(per).collect();
        if group.is_empty() {
            break;
        }
        groups.push(group);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|g| scope.spawn(move || g.into_iter().map(take).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("the image checks do not panic"))
            .collect()
    })
}

/// The images to fetch, cut into batches of at most [`FETCH_BATCH`] images or about
/// [`FETCH_BYTES`] bytes, in their order.
fn in_batches(missing: Vec<TeamMedia>) -> Vec<Vec<TeamMedia>> {
    let mut batches: Vec<Vec<TeamMedia>> = Vec::new();
    let mut size = 0u64;
    for m in missing {
        let full = batches
            .last()
            .is_none_or(|b| b.len() >= FETCH_BATCH || size >= FETCH_BYTES);
        if full {
            batches.push(Vec::new());
            size = 0;
        }
        size += m.bytes;
        batches.last_mut().expect("a batch was made").push(m);
    }
    batches
}

/// What a round of the team's images did here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MediaRound {
    /// Images this desk gave the team (stored there now).
    pub sent: usize,
    /// Images this desk offered that the team had already (a retry, another desk's add).
    pub already: usize,
    /// Images whose bytes came from the team and are on this desk now.
    pub fetched: usize,
    /// Text edits the team took through schema 5's call (from schema 6 they are changes).
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
    /// the changes show, those added here since joining; all of them when `all`). An
    /// editor's step: other members' desks send nothing (the
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
                    .write(&SaveCtx::new(None, Origin::Team), |conn, now| {
                        shelf::take(conn, &row, now)
                    })?;
            }
        }
        Ok(())
    }

    /// On a team older than schema 6, which has no `media` entities in its log: sends this
    /// desk's pending changes to images' text (in `batch`) through schema 5's compare-and-set
    /// call instead, a field someone changed meanwhile set back here to the team's value, and
    /// returns the rest of the batch for the log. Each change leaves the queue once answered.
    pub(crate) async fn team_push_media_texts(
        &self,
        server: &Server,
        batch: Vec<Pending>,
        round: &mut MediaRound,
    ) -> Result<Vec<Pending>, TeamError> {
        let (texts, rest): (Vec<Pending>, Vec<Pending>) =
            batch.into_iter().partition(|p| p.kind == EntityKind::Media);
        for change in texts {
            let prev = serde_json::Value::Object(change.prev.clone());
            let fields = serde_json::Value::Object(change.fields.clone());
            let answer = server.set_media_text(&change.key, &prev, &fields).await?;
            round.texts += usize::from(!answer.applied.is_empty());
            if !answer.refused.is_empty() {
                let names: Vec<&str> = answer.refused.keys().map(String::as_str).collect();
                round.refused.push(format!(
                    "the image {}: {} changed on the team by {} meanwhile; the team's kept",
                    short(&change.key),
                    names.join(", "),
                    answer.by
                ));
                round.changed = true;
            }
            self.store()
                .write(&SaveCtx::new(None, Origin::Team), |conn, now| {
                    super::local::drop_pending(conn, change.id)?;
                    if !answer.refused.is_empty() {
                        let version = super::local::version(conn, EntityKind::Media, &change.key)?;
                        super::local::apply_remote(
                            conn,
                            EntityKind::Media,
                            &change.key,
                            &answer.refused,
                            version,
                            now,
                        )?;
                    }
                    Ok(())
                })?;
        }
        Ok(rest)
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
            round.changed |=
                self.store()
                    .write(&SaveCtx::new(None, Origin::Team), |conn, now| {
                        let mut changed = false;
                        for m in &batch {
                            changed |= shelf::take(conn, m, now)?;
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
        // A few dozen images (or 32 MB) per round trip. While one batch is checked and its
        // variants made (on every core, off the async threads), the next one is fetched;
        // then the batch is stored together.
        let batches = in_batches(missing);
        let names: Vec<Vec<String>> = batches
            .iter()
            .map(|b| b.iter().map(|m| m.hash.clone()).collect())
            .collect();
        let mut data = match names.first() {
            Some(first) => server.media_data_many(first).await?,
            None => return Ok(()),
        };
        for (i, batch) in batches.into_iter().enumerate() {
            let arrived: Vec<(TeamMedia, Vec<u8>)> = batch
                .into_iter()
                .filter_map(|m| data.remove(&m.hash).map(|d| (m, d)))
                .collect();
            let checks = tokio::task::spawn_blocking(move || take_all(arrived));
            let next = async {
                match names.get(i + 1) {
                    Some(hashes) => server.media_data_many(hashes).await,
                    None => Ok(Default::default()),
                }
            };
            let (next, checked) = tokio::join!(next, checks);
            let checked = checked
                .map_err(|e| TeamError::Refused(format!("checking the team's images: {e}")))?;
            self.store_fetched(&dir, checked, round)?;
            data = next?;
        }
        Ok(())
    }

    /// Stores a batch of images fetched from the team, all at once (their folders synced
    /// together, their rows in one transaction: `media::add_many`), and records why each of
    /// the others was not taken.
    fn store_fetched(
        &self,
        dir: &MediaDir,
        taken: Vec<(TeamMedia, Taken)>,
        round: &mut MediaRound,
    ) -> Result<(), TeamError> {
        let mut images = Vec::new();
        let mut refused = Vec::new();
        for (m, result) in taken {
            match result {
                Ok(intake) => images.push(media::NewImage {
                    intake,
                    original_name: m.original_name,
                    text: MediaText {
                        alt: Some(m.alt),
                        credit: Some(m.credit),
                        decorative: Some(m.decorative),
                    },
                    added_by: Some(m.added_by),
                }),
                Err(e) => {
                    let why = format!(
                        "the team's image {} was not taken here: {e}",
                        short(&m.hash)
                    );
                    refused.push((m.hash, why));
                }
            }
        }
        let mut store = self.store();
        if !images.is_empty() {
            let added = media::add_many(&mut store, dir, &images).map_err(|e| {
                TeamError::Refused(format!(
                    "the team's images ({} from {}) could not be stored here: {e}",
                    images.len(),
                    short(&images[0].intake.hash)
                ))
            })?;
            // The images this desk did not hold already.
            round.fetched += added;
            round.changed = true;
        }
        if !refused.is_empty() {
            store.transaction(|conn, _| {
                for (hash, why) in &refused {
                    shelf::set_unusable(conn, hash, why)?;
                }
                Ok(())
            })?;
            round
                .set_aside
                .extend(refused.into_iter().map(|(_, why)| why));
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
