//! Joining a team, syncing (push what waits, then pull the log), conflicts and leaving: the
//! desk's side of the team, used by the CLI and the app alike.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::desk::Desk;
use crate::model::EntityKind;
use crate::secrets::SecretStore;
use crate::store::{Origin, SaveCtx, SaveTx};
use crate::workflow::{Profile, Role};

use super::local::{self, Conflict, TeamLink};
use super::media::{MediaRound, MEDIA_SCHEMA, MEDIA_TEXT_SCHEMA};
use super::server::Server;
use super::wire::{Member, Pending, PushAnswer, TeamPublished};
use super::{password, remember_password, TeamError};

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

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct JoinReport {
    pub member: Member,
    /// Entities this desk now holds from the team.
    pub entities: usize,
    /// Entities this desk gave an empty team (`--seed`).
    pub seeded: usize,
    /// Where the desk's own content was kept before the team's replaced it.
    pub backup: Option<String>,
    /// Whether the system keyring stored the password. Either way this session (the app
    /// until it closes) syncs with it; without the keyring, a later session needs it again
    /// (VERDICT_TEAM_PASSWORD, or typed in Sign in).
    pub password_in_keyring: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TeamStatus {
    pub link: Option<TeamLink>,
    #[ts(type = "number")]
    pub pending: i64,
    pub conflicts: usize,
}

/// How a conflict is settled: this desk's value, the other desk's, or another value.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    Mine,
    Theirs,
    Value(Value),
}

/// Kinds in the order their entities can be saved (a verdict needs its tool and reviewer).
const KIND_ORDER: [EntityKind; 6] = [
    EntityKind::Media,
    EntityKind::Site,
    EntityKind::Reviewer,
    EntityKind::Tool,
    EntityKind::Verdict,
    EntityKind::Comparison,
];

fn member_profile(member: &Member) -> Profile {
    Profile {
        slug: member.login.clone(),
        name: if member.display_name.trim().is_empty() {
            member.login.clone()
        } else {
            member.display_name.clone()
        },
        roles: member
            .roles
            .iter()
            .filter_map(|r| match r.as_str() {
                "editor" => Some(Role::Editor),
                "reviewer" => Some(Role::Reviewer),
                "publisher" => Some(Role::Publisher),
                _ => None,
            })
            .collect(),
        reviewer: member.reviewer.clone(),
    }
}

impl Desk {
    pub fn team_link(&self) -> Result<Option<TeamLink>, TeamError> {
        Ok(local::link(self.store().conn())?)
    }

    pub fn team_status(&self) -> Result<TeamStatus, TeamError> {
        let store = self.store();
        Ok(TeamStatus {
            link: local::link(store.conn())?,
            pending: local::pending_count(store.conn())?,
            conflicts: local::conflicts(store.conn())?.len(),
        })
    }

    /// Joins the team at `url` as `user`: checks the login and the schema, then takes the
    /// team's content (keeping a backup of this desk's own first) or, with `seed`, gives an
    /// empty team this desk's content. The password goes to the keyring where one runs.
    pub async fn team_join(
        &self,
        url: &str,
        user: &str,
        password: &str,
        seed: bool,
        secrets: &dyn SecretStore,
    ) -> Result<JoinReport, TeamError> {
        if let Some(link) = self.team_link()? {
            return Err(TeamError::AlreadyJoined {
                url: link.url,
                user: link.user,
            });
        }
        let mut server = Server::connect(url, Some(user), password).await?;
        server.check_schema().await?;
        let member = server.me().await?;
        let desk_id = uuid::Uuid::now_v7();
        let local_empty = self.store().is_empty()?;
        let team_empty = server.is_empty().await?;
        let mut seeded = 0;
        if seed {
            if !team_empty {
                return Err(TeamError::Refused(
                    "the team already has content: only an empty team can be seeded; join \
                     without --seed to take the team's content"
                        .into(),
                ));
            }
            // The images first, so no change the team takes shows an image it lacks.
            if server.check_schema().await? >= MEDIA_SCHEMA {
                let mut round = MediaRound::default();
                self.team_push_media(&server, &member, "", &[], true, &mut round)
                    .await?;
                if let Some(why) = round.refused.first() {
                    return Err(TeamError::Refused(format!(
                        "the team did not take this desk's images, so it was not seeded: {why}"
                    )));
                }
            }
            let entities = self.team_entities()?;
            seeded = server.seed(desk_id, Value::Array(entities)).await? as usize;
        } else if team_empty && !local_empty {
            return Err(TeamError::Refused(
                "the team is empty and this desk has content: pass --seed to give the team \
                 this desk's content (an editor's step), or join from an empty desk"
                    .into(),
            ));
        }
        let (entities, cursor) = server.snapshot().await?;
        let backup = if !local_empty {
            let store = self.store();
            Some(
                crate::backup::make_backup(&store, self.data_dir(), "before-joining-a-team")
                    .map_err(|e| {
                        TeamError::Refused(format!(
                            "could not back up this desk first, so it did not join: {e}"
                        ))
                    })?
                    .display()
                    .to_string(),
            )
        } else {
            None
        };
        let link = TeamLink {
            url: url.to_string(),
            user: user.to_string(),
            desk_id: desk_id.to_string(),
            cursor,
            roles: member.roles.clone(),
            reviewer: member.reviewer.clone(),
            display_name: member.display_name.clone(),
            joined_at: chrono::Utc::now().to_rfc3339(),
            synced_at: None,
        };
        let count = entities.len();
        // What comes from the team is saved as the team's, so it is not queued back to it.
        self.store()
            .write(&SaveCtx::new(None, Origin::Team), |conn, now| {
                if seed {
                    // What the member cannot read from the team (other reviewers' drafts) does
                    // not stay here either: it is theirs, on the server and in the backup.
                    let readable: std::collections::HashSet<&str> = entities
                        .iter()
                        .filter(|e| e.kind == EntityKind::Verdict)
                        .map(|e| e.key.as_str())
                        .collect();
                    let hidden: Vec<String> = self
                        .store_verdict_keys(conn)?
                        .into_iter()
                        .filter(|k| !readable.contains(k.as_str()))
                        .collect();
                    crate::store::remove_verdicts_tx(conn, &hidden)?;
                } else {
                    crate::store::clear_content_tx(conn)?;
                }
                local::clear(conn)?;
                local::save_link(conn, &link)?;
                for kind in KIND_ORDER {
                    for e in entities.iter().filter(|e| e.kind == kind) {
                        local::apply_remote(conn, e.kind, &e.key, &e.fields, e.version, now)?;
                        if let Some(at) = e.changed_at {
                            local::stamp_changed_at(conn, e.kind, &e.key, at)?;
                        }
                    }
                }
                Ok(())
            })?;
        self.store().save_profile(&member_profile(&member))?;
        if server.check_schema().await? >= MEDIA_SCHEMA {
            // What the team says of its images now, so the desk knows what it lacks; their
            // bytes come with the first sync (the app's starts right after a join), not here,
            // so a join never waits on a thousand logos.
            self.team_pull_media(&server, &mut MediaRound::default())
                .await?;
        }
        let password_in_keyring = remember_password(secrets, user, url, password);
        Ok(JoinReport {
            member,
            entities: count,
            seeded,
            backup,
            password_in_keyring,
        })
    }

    fn store_verdict_keys(
        &self,
        conn: &rusqlite::Connection,
    ) -> Result<Vec<String>, crate::store::StoreError> {
        let mut stmt = conn.prepare(
            "SELECT r.slug || '/' || t.slug FROM verdicts v
               JOIN reviewers r ON r.id = v.reviewer_id JOIN tools t ON t.id = v.tool_id",
        )?;
        let keys = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(keys)
    }

    /// Every entity of this desk as the team stores it: kind, key, fields.
    fn team_entities(&self) -> Result<Vec<Value>, TeamError> {
        let store = self.store();
        let mut out = Vec::new();
        let mut push = |kind: EntityKind, key: String, doc: Value| {
            out.push(json!({"kind": kind.as_str(), "key": key, "fields": doc}));
        };
        let site = store.site()?;
        push(
            EntityKind::Site,
            "site".into(),
            serde_json::to_value(site).expect("serialises"),
        );
        for r in store.reviewers()? {
            push(
                EntityKind::Reviewer,
                r.slug.clone(),
                serde_json::to_value(&r).expect("serialises"),
            );
        }
        for t in store.tools()? {
            push(
                EntityKind::Tool,
                t.slug.clone(),
                serde_json::to_value(&t).expect("serialises"),
            );
        }
        for v in store.verdicts()? {
            let key = crate::model::verdict_key(&v.reviewer, &v.tool);
            push(
                EntityKind::Verdict,
                key,
                serde_json::to_value(&v).expect("serialises"),
            );
        }
        let updated = store.comparisons_updated_at()?;
        for c in store.comparisons()? {
            // With when the page last changed here: the team dates it so (schema 4), rather
            // than at the seed.
            out.push(json!({
                "kind": EntityKind::Comparison.as_str(),
                "key": c.slug,
                "fields": serde_json::to_value(&c).expect("serialises"),
                "at": updated.get(&c.slug),
            }));
        }
        Ok(out)
    }

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
        if schema >= super::server::COMMENTS_SCHEMA {
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

    /// Publishing shared with the team: a publisher's targets go to the team (their secrets
    /// stay in the keyring); every desk takes the team's targets, what each target holds of
    /// each page, and (schema 4) how each published page looked when it was published, so no
    /// desk sends a page the target already has from another desk, and every desk says the
    /// same about where a page is live and whether it is stale. True when anything here
    /// changed.
    async fn share_publishing(
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

    pub fn team_conflicts(&self) -> Result<Vec<Conflict>, TeamError> {
        Ok(local::conflicts(self.store().conn())?)
    }

    pub fn team_refusals(&self) -> Result<Vec<local::Refusal>, TeamError> {
        Ok(local::refusals(self.store().conn())?)
    }

    /// Settles a conflict: the chosen value is saved here like an edit (so it syncs as a
    /// change based on the other desk's, and reaches every desk), and the conflict closes.
    pub fn team_resolve(&self, id: i64, how: Resolution) -> Result<Conflict, TeamError> {
        self.team_link()?.ok_or(TeamError::NotJoined)?;
        let conflict = local::conflict(self.store().conn(), id)?;
        let (value, label) = match how {
            Resolution::Mine => (conflict.mine.clone(), "mine"),
            Resolution::Theirs => (conflict.theirs.clone(), "theirs"),
            Resolution::Value(v) => (v, "edited"),
        };
        // Saved like an edit made here, so the journal sends it on to the team.
        self.store().write(&SaveCtx::unattributed(), |conn, now| {
            let doc = local::doc(conn, conflict.kind, &conflict.key)?.ok_or_else(|| {
                crate::store::StoreError::NotFound {
                    kind: "entity",
                    key: conflict.key.clone(),
                }
            })?;
            let mut doc: Map<String, Value> = serde_json::from_str(&doc).unwrap_or_default();
            if value.is_null() {
                doc.remove(&conflict.field);
            } else {
                doc.insert(conflict.field.clone(), value.clone());
            }
            crate::store::save_doc_tx(conn, conflict.kind, &conflict.key, Value::Object(doc), now)?;
            local::rebase_pending(conn, conflict.kind, &conflict.key, conflict.theirs_seq)?;
            local::mark_resolved(conn, id, label)
        })?;
        Ok(conflict)
    }

    /// Leaves the team: this desk keeps its content and works alone again; changes not yet
    /// sent are dropped only with `discard`, else leaving is refused while some wait.
    pub fn team_leave(
        &self,
        discard: bool,
        secrets: &dyn SecretStore,
    ) -> Result<TeamLink, TeamError> {
        let link = self.team_link()?.ok_or(TeamError::NotJoined)?;
        let waiting = local::pending_count(self.store().conn())?;
        if waiting > 0 && !discard {
            return Err(TeamError::Refused(format!(
                "{waiting} change(s) have not reached the team yet: sync first, or leave with \
                 --discard to drop them"
            )));
        }
        self.store().transaction(|conn, _| local::clear(conn))?;
        super::forget_password(secrets, &link.user, &link.url);
        Ok(link)
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
