//! One sync round: push what waits here (in batches, each settled in one transaction), pull
//! the team's log after this desk's cursor, then the images, publishing, comments and
//! members. Safe to interrupt at any point.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::desk::Desk;
use crate::model::EntityKind;
use crate::secrets::SecretStore;
use crate::store::{Origin, SaveCtx, SaveTx};
use crate::team::local::{self, Conflict, TeamLink};
use crate::team::media::{MediaRound, MEDIA_SCHEMA, MEDIA_TEXT_SCHEMA};
use crate::team::server::Server;
use crate::team::wire::{Pending, PushAnswer};
use crate::team::{password, TeamError};

use super::member_profile;

/// How many changes one pull asks for; each batch is applied in one local transaction.
const PULL_BATCH: i64 = 1000;

/// How many pending changes go to the server in one round trip (and one transaction there
/// and here).
const PUSH_BATCH: usize = 200;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct SyncReport {
    /// Local changes the server took (in whole or in part).
    pub pushed: usize,
    /// Local changes the server refused, with its reason; their fields were set back.
    pub refused: Vec<String>,
    /// Fields changed here and on another desk: kept as conflicts to resolve.
    pub conflicts: usize,
    /// Changes of the team's log applied here.
    pub pulled: usize,
    /// Changes of the team's log this desk could not take (a local check failed), with why;
    /// kept with the refusals (`team_refusals`), the rest of the log was applied.
    pub set_aside: Vec<String>,
    #[ts(type = "number")]
    pub cursor: i64,
    /// What other members changed, as applied here (in log order), so open forms and lists
    /// can show it.
    pub edits: Vec<TeamEdit>,
    /// Whether anything this desk shows changed: content from the log (also one's own, from
    /// another desk), a value set back after a refusal or conflict, or what the targets hold.
    /// The app reloads its lists and counts when it did.
    pub changed: bool,
}

/// One change another member made, as a desk took it from the team's log.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TeamEdit {
    pub kind: EntityKind,
    pub key: String,
    /// The fields the change set.
    pub fields: Vec<String>,
    /// The member's login.
    pub author: String,
}

/// Progress of a long sync, for a progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SyncProgress {
    pub phase: &'static str,
    pub done: usize,
}

impl Desk {
    /// Connects with the member's password from the keyring (or VERDICT_TEAM_PASSWORD).
    pub async fn team_server(
        &self,
        secrets: &dyn SecretStore,
    ) -> Result<(Server, TeamLink), TeamError> {
        let link = self.team_link()?.ok_or(TeamError::NotJoined)?;
        let password = password(secrets, &link.user, &link.url)?;
        let server = Server::connect(&link.url, Some(&link.user), &password).await?;
        server.check_schema().await?;
        Ok((server, link))
    }

    /// Pushes every pending change in order, then pulls the log after this desk's cursor in
    /// batches, each applied in one local transaction. Safe to interrupt at any point: a
    /// change is dropped here only once the server answered it, and the server recognises a
    /// change it already has.
    pub async fn team_sync(
        &self,
        secrets: &dyn SecretStore,
        mut progress: impl FnMut(SyncProgress),
    ) -> Result<SyncReport, TeamError> {
        let (server, link) = self.team_server(secrets).await?;
        let member = server.me().await?;
        let desk = uuid::Uuid::parse_str(&link.desk_id)
            .map_err(|e| TeamError::BadReply(format!("this desk's id: {e}")))?;
        let mut report = SyncReport::default();
        let schema = server.check_schema().await?;
        let mut media = MediaRound::default();
        loop {
            let batch = local::next_pending(self.store().conn(), PUSH_BATCH)?;
            if schema >= MEDIA_SCHEMA {
                // The images these changes show go first, and those added here meanwhile.
                self.team_push_media(&server, &member, &link.joined_at, &batch, false, &mut media)
                    .await?;
            }
            if batch.is_empty() {
                break;
            }
            let batch = if schema < MEDIA_TEXT_SCHEMA {
                let rest = self
                    .team_push_media_texts(&server, batch, &mut media)
                    .await?;
                if rest.is_empty() {
                    continue;
                }
                rest
            } else {
                batch
            };
            let answers = server.push_batch(desk, &batch).await?;
            self.settle(&link, &batch, &answers, &mut report)?;
            progress(SyncProgress {
                phase: "push",
                done: report.pushed + report.refused.len(),
            });
        }
        let mut cursor = link.cursor;
        loop {
            let batch = server.pull(cursor, PULL_BATCH).await?;
            let Some(last) = batch.last().map(|c| c.seq) else {
                break;
            };
            let mut unusable = Vec::new();
            self.store()
                .write(&SaveCtx::new(None, Origin::Team), |conn, now| {
                    for change in &batch {
                        let applied = local::apply_remote_or_set_aside(conn, change, now)?;
                        report.changed |= applied == local::Applied::Changed;
                        match applied {
                            local::Applied::SetAside(why) => unusable.push(why),
                            _ if change.author != link.user => report.edits.push(TeamEdit {
                                kind: change.kind,
                                key: change.key.clone(),
                                fields: change.fields.keys().cloned().collect(),
                                author: change.author.clone(),
                            }),
                            _ => {}
                        }
                    }
                    local::set_cursor(conn, last)
                })?;
            cursor = last;
            report.pulled += batch.len();
            report.set_aside.extend(unusable);
            progress(SyncProgress {
                phase: "pull",
                done: report.pulled,
            });
        }
        report.cursor = cursor;
        if schema >= MEDIA_SCHEMA {
            // The images' texts, then the bytes this desk lacks (a page showing one meanwhile
            // shows its named placeholder).
            self.team_pull_media(&server, &mut media).await?;
            self.team_fetch_missing(&server, None, &mut media).await?;
            report.pushed += media.sent + media.texts;
            report.refused.extend(media.refused);
            report.set_aside.extend(media.set_aside);
            report.changed |= media.changed;
        }
        if schema >= 2 {
            report.changed |= self
                .share_publishing(&server, &member, &link, schema)
                .await?;
        }
        if schema >= crate::team::server::COMMENTS_SCHEMA {
            let round = self.team_sync_comments(&server, &link).await?;
            report.pushed += round.sent;
            report.refused.extend(round.refused);
            report.changed |= round.pulled > 0;
        }
        // Every member becomes a profile here, so names show for authors and assignments;
        // only the member signed in works on this desk (the app signs them in).
        let members = server.members().await?;
        {
            let mut store = self.store();
            local::set_synced(store.conn(), &member)?;
            for m in members.iter().filter(|m| m.login != member.login) {
                if let Err(e) = store.save_profile(&member_profile(m)) {
                    tracing::debug!(member = %m.login, error = %e, "member not kept as a profile");
                }
            }
            store.save_profile(&member_profile(&member))?;
        }
        Ok(report)
    }

    /// Applies the server's answers to pushed changes here, in one transaction.
    fn settle(
        &self,
        link: &TeamLink,
        changes: &[Pending],
        answers: &[PushAnswer],
        report: &mut SyncReport,
    ) -> Result<(), TeamError> {
        self.store()
            .write(&SaveCtx::new(None, Origin::Team), |conn, now| {
                for (change, answer) in changes.iter().zip(answers) {
                    settle_one(conn, link, change, answer, now)?;
                }
                Ok(())
            })?;
        for (change, answer) in changes.iter().zip(answers) {
            if answer.outcome == "refused" {
                report.refused.push(format!(
                    "{} \"{}\": {}",
                    change.kind.as_str(),
                    change.key,
                    answer.message.as_deref().unwrap_or_default()
                ));
            } else {
                report.pushed += 1;
            }
            report.conflicts += answer.conflicts.len();
            // A refusal or a conflict sets this desk's copy back to the team's.
            report.changed |= answer.outcome == "refused" || !answer.current.is_empty();
        }
        Ok(())
    }
}

/// Applies the server's answer to one pushed change, inside the caller's transaction.
fn settle_one(
    conn: &SaveTx,
    link: &TeamLink,
    change: &Pending,
    answer: &PushAnswer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), crate::store::StoreError> {
    let refused = answer.outcome == "refused";
    let message = answer.message.clone().unwrap_or_default();
    local::drop_pending(conn, change.id)?;
    for c in &answer.conflicts {
        local::add_conflict(
            conn,
            &Conflict {
                id: 0,
                kind: change.kind,
                key: change.key.clone(),
                field: c.field.clone(),
                mine: c.mine.clone(),
                mine_author: link.user.clone(),
                theirs: c.theirs.clone(),
                theirs_author: c.theirs_author.clone(),
                theirs_seq: c.theirs_seq,
                theirs_at: c.theirs_at.clone(),
                created_at: String::new(),
            },
        )?;
    }
    if refused {
        let fields: Vec<String> = change.fields.keys().cloned().collect();
        let mut message = message;
        if change.kind == EntityKind::Comparison && answer.exists == Some(false) {
            // A page the team will not have (another desk made the page for these tools
            // first) leaves this desk too, so the team's page can come in; its text stays
            // in its revisions and in this refusal.
            crate::store::remove_comparison_tx(conn, &change.key)?;
            message.push_str(&format!(
                "; the page was removed from this desk (its text: {})",
                serde_json::Value::Object(change.fields.clone())
            ));
        }
        local::add_refusal(conn, change.kind, &change.key, &fields, &message)?;
    }
    // What the server kept instead of ours (refused, or in conflict) is set back here
    // at once: the log will not bring it again if this desk had pulled it already.
    if !answer.current.is_empty() {
        let version = local::version(conn, change.kind, &change.key)?;
        let current: Map<String, Value> = answer.current.clone();
        local::apply_remote(conn, change.kind, &change.key, &current, version, now)?;
    }
    Ok(())
}
