//! Joining a team: the login and schema checked, then the team's content taken (this desk's
//! own backed up first), or an empty team given this desk's content (`--seed`).

use serde::Serialize;
use serde_json::{json, Value};

use crate::desk::Desk;
use crate::model::EntityKind;
use crate::secrets::SecretStore;
use crate::store::{Origin, SaveCtx};
use crate::team::local::{self, TeamLink};
use crate::team::media::{MediaRound, MEDIA_SCHEMA};
use crate::team::server::Server;
use crate::team::wire::Member;
use crate::team::{remember_password, TeamError};

use super::member_profile;

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

/// Kinds in the order their entities can be saved (a verdict needs its tool and reviewer).
const KIND_ORDER: [EntityKind; 6] = [
    EntityKind::Media,
    EntityKind::Site,
    EntityKind::Reviewer,
    EntityKind::Tool,
    EntityKind::Verdict,
    EntityKind::Comparison,
];

impl Desk {
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
}
