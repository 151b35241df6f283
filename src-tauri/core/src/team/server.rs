//! The team's server: a PostgreSQL database with the `verdict` schema. Connecting (TLS with
//! the system's roots when the server offers it), creating the schema, members, and the
//! three things a desk does there: push a change, pull the log, take a snapshot.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, Config};

use crate::model::EntityKind;

use super::wire::{
    Member, Pending, PushAnswer, RemoteChange, RemoteEntity, TeamPublished, TeamRemotePage,
    TeamTarget,
};
use super::TeamError;

/// Versioned migrations of the team schema, applied in order by `verdict team init`.
pub const TEAM_MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../../team/0001_team.sql")),
    (2, include_str!("../../team/0002_publishing.sql")),
    (3, include_str!("../../team/0003_claims.sql")),
    (4, include_str!("../../team/0004_published.sql")),
];

/// The newest team schema this build knows; a team with a newer one is refused.
pub const TEAM_SCHEMA_VERSION: u32 = TEAM_MIGRATIONS[TEAM_MIGRATIONS.len() - 1].0;

/// The group roles of a team; a member's roles are memberships in them.
pub const GROUP_ROLES: &[&str] = &[
    "verdict_member",
    "verdict_editor",
    "verdict_reviewer",
    "verdict_publisher",
    "verdict_admin",
];

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to the team's server.
pub struct Server {
    client: Client,
    /// Shown in messages: host and database, never a password.
    name: String,
    user: String,
    /// Woken by a NOTIFY on `verdict_changes` (after `listen`) or when the connection ends.
    changed: Arc<tokio::sync::Notify>,
}

/// Parses a server address (a `postgres://` URL or `host=… dbname=…`), refusing one that
/// carries a password: passwords go to the keyring, never into an address or a command line.
pub fn parse_address(address: &str) -> Result<Config, TeamError> {
    let config = Config::from_str(address).map_err(|e| TeamError::BadAddress {
        address: address.to_string(),
        detail: e.to_string(),
    })?;
    if config.get_password().is_some() {
        return Err(TeamError::PasswordInAddress);
    }
    Ok(config)
}

/// "host:port/db" for messages.
fn describe(config: &Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(h) => h.clone(),
            tokio_postgres::config::Host::Unix(p) => p.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{host}:{port}/{}",
        config
            .get_dbname()
            .unwrap_or(config.get_user().unwrap_or("postgres"))
    )
}

impl Server {
    /// Connects as `user` (or the address's user) with `password`; errors name the cause.
    pub async fn connect(
        address: &str,
        user: Option<&str>,
        password: &str,
    ) -> Result<Server, TeamError> {
        let mut config = parse_address(address)?;
        if let Some(user) = user {
            config.user(user);
        }
        let user = config.get_user().unwrap_or("postgres").to_string();
        config
            .password(password)
            .connect_timeout(CONNECT_TIMEOUT)
            .application_name("verdict-desk");
        let name = describe(&config);
        let (tls, seen_issuer) = super::tls::connector()?;
        let connected = tokio::time::timeout(CONNECT_TIMEOUT * 2, config.connect(tls)).await;
        let (client, connection) = match connected {
            Ok(Ok(pair)) => pair,
            Ok(Err(e)) => {
                return Err(super::tls::certificate_error(&name, &e, &seen_issuer)
                    .unwrap_or_else(|| connect_error(&name, &user, e)))
            }
            Err(_) => {
                return Err(TeamError::Unreachable {
                    server: name,
                    detail: "no answer within 20 s".into(),
                })
            }
        };
        // Drive the connection, turning NOTIFYs into a wake-up (a stored permit when nobody
        // waits yet, so none is missed between a sync and the next wait).
        let changed = Arc::new(tokio::sync::Notify::new());
        let wake = changed.clone();
        let mut connection = connection;
        tokio::spawn(async move {
            loop {
                let message = std::future::poll_fn(|cx| connection.poll_message(cx)).await;
                match message {
                    Some(Ok(tokio_postgres::AsyncMessage::Notification(_))) => wake.notify_one(),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        tracing::debug!(error = %e, "team server connection closed");
                        wake.notify_one();
                        break;
                    }
                    None => {
                        wake.notify_one();
                        break;
                    }
                }
            }
        });
        Ok(Server {
            client,
            name,
            user,
            changed,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    fn error(&self, e: tokio_postgres::Error) -> TeamError {
        query_error(&self.name, &self.user, e)
    }

    /// Creates the team's group roles and schema, or brings the schema up to this build's
    /// version; as a role that may create roles. Returns the version it left the team at.
    pub async fn init(&mut self) -> Result<u32, TeamError> {
        self.init_up_to(TEAM_SCHEMA_VERSION).await
    }

    /// [`Server::init`], stopping at schema `target` (an older one: how a team made by an
    /// earlier Verdict Desk looks, for the upgrade path's test).
    pub async fn init_up_to(&mut self, target: u32) -> Result<u32, TeamError> {
        let tx = self
            .client
            .transaction()
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        // Roles are cluster-wide: create those that are missing.
        for role in GROUP_ROLES {
            tx.batch_execute(&format!(
                "DO $$ BEGIN
                   IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                     CREATE ROLE {role} NOLOGIN;
                   END IF;
                 END $$;"
            ))
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        }
        for role in &GROUP_ROLES[1..] {
            tx.batch_execute(&format!("GRANT verdict_member TO {role}"))
                .await
                .map_err(|e| query_error(&self.name, &self.user, e))?;
        }
        let has_schema: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'verdict')",
                &[],
            )
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?
            .get(0);
        let current: u32 = if has_schema {
            let v: String = tx
                .query_one(
                    "SELECT value FROM verdict.meta WHERE key = 'schema_version'",
                    &[],
                )
                .await
                .map_err(|e| query_error(&self.name, &self.user, e))?
                .get(0);
            v.parse()
                .map_err(|_| TeamError::BadReply(format!("schema version \"{v}\"")))?
        } else {
            0
        };
        if current > TEAM_SCHEMA_VERSION {
            return Err(TeamError::SchemaTooNew {
                found: current,
                known: TEAM_SCHEMA_VERSION,
            });
        }
        for (number, sql) in TEAM_MIGRATIONS
            .iter()
            .filter(|(n, _)| *n > current && *n <= target)
        {
            tx.batch_execute(sql)
                .await
                .map_err(|e| query_error(&self.name, &self.user, e))?;
            tx.execute(
                "INSERT INTO verdict.meta (key, value) VALUES ('schema_version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&number.to_string()],
            )
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        }
        // The role that made the team administers it (a superuser is already everything).
        tx.batch_execute(
            "DO $$ BEGIN
               IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                 GRANT verdict_admin TO current_user;
               END IF;
             END $$;",
        )
        .await
        .map_err(|e| query_error(&self.name, &self.user, e))?;
        tx.commit()
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        Ok(current.max(target.min(TEAM_SCHEMA_VERSION)))
    }

    /// The team's schema version; refuses a team newer than this build.
    pub async fn check_schema(&self) -> Result<u32, TeamError> {
        let row = self
            .client
            .query_opt(
                "SELECT value FROM verdict.meta WHERE key = 'schema_version'",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        let Some(row) = row else {
            return Err(TeamError::NoTeam {
                server: self.name.clone(),
            });
        };
        let text: String = row.get(0);
        let found: u32 = text
            .parse()
            .map_err(|_| TeamError::BadReply(format!("the team's schema version is \"{text}\"")))?;
        if found > TEAM_SCHEMA_VERSION {
            return Err(TeamError::SchemaTooNew {
                found,
                known: TEAM_SCHEMA_VERSION,
            });
        }
        Ok(found)
    }

    /// The member signed in.
    pub async fn me(&self) -> Result<Member, TeamError> {
        let row = self
            .client
            .query_opt(
                "SELECT login, display_name, roles, reviewer, disabled FROM verdict.members
                 WHERE login = session_user",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        match row {
            Some(r) if !r.get::<_, bool>(4) => Ok(member(&r)),
            _ => Err(TeamError::NotMember {
                user: self.user.clone(),
            }),
        }
    }

    pub async fn members(&self) -> Result<Vec<Member>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT login, display_name, roles, reviewer, disabled FROM verdict.members
                 ORDER BY login",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows.iter().map(member).collect())
    }

    /// Adds a member (an admin's step): a login role with these roles, the password sent as a
    /// SCRAM verifier only.
    pub async fn add_member(
        &self,
        login: &str,
        name: &str,
        roles: &[String],
        reviewer: Option<&str>,
        password: &str,
    ) -> Result<(), TeamError> {
        let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
        self.client
            .execute(
                "SELECT verdict.add_member($1, $2, $3, $4, $5)",
                &[&login, &name, &roles, &reviewer, &verifier],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    pub async fn disable_member(&self, login: &str) -> Result<(), TeamError> {
        self.client
            .execute("SELECT verdict.disable_member($1)", &[&login])
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Sends pending changes in order, in one round trip and one server transaction; the
    /// answers come in the same order.
    pub async fn push_batch(
        &self,
        desk: uuid::Uuid,
        changes: &[Pending],
    ) -> Result<Vec<PushAnswer>, TeamError> {
        let batch: Vec<Value> = changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "change_id": c.change_id,
                    "kind": c.kind.as_str(),
                    "key": c.key,
                    "base": c.base,
                    "fields": Value::Object(c.fields.clone()),
                    "prev": Value::Object(c.prev.clone()),
                })
            })
            .collect();
        let row = self
            .client
            .query_one(
                "SELECT verdict.push_batch($1, $2)",
                &[&desk, &Value::Array(batch)],
            )
            .await
            .map_err(|e| self.error(e))?;
        let answers: Value = row.get(0);
        let answers: Vec<PushAnswer> = serde_json::from_value(answers.clone())
            .map_err(|e| TeamError::BadReply(format!("push answers {answers}: {e}")))?;
        if answers.len() != changes.len() {
            return Err(TeamError::BadReply(format!(
                "{} answers to {} changes",
                answers.len(),
                changes.len()
            )));
        }
        Ok(answers)
    }

    /// Changes after `cursor`, oldest first, at most `limit`.
    pub async fn pull(&self, cursor: i64, limit: i64) -> Result<Vec<RemoteChange>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT seq, kind, key, fields, author, at FROM verdict.changes
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&cursor, &limit],
            )
            .await
            .map_err(|e| self.error(e))?;
        rows.iter()
            .map(|r| {
                let kind: String = r.get(1);
                let fields: Value = r.get(3);
                Ok(RemoteChange {
                    seq: r.get(0),
                    kind: EntityKind::parse(&kind).ok_or_else(|| {
                        TeamError::BadReply(format!("a change of kind \"{kind}\""))
                    })?,
                    key: r.get(2),
                    fields: as_object(fields)?,
                    author: r.get(4),
                    at: r.get(5),
                })
            })
            .collect()
    }

    /// Every entity this member may read, and the log position they were read at.
    pub async fn snapshot(&mut self) -> Result<(Vec<RemoteEntity>, i64), TeamError> {
        let tx = self
            .client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        let cursor: i64 = tx
            .query_one("SELECT coalesce(max(seq), 0) FROM verdict.changes", &[])
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?
            .get(0);
        let rows = tx
            .query(
                "SELECT kind, key, fields, version,
                        (SELECT max((m.v->>'at')::timestamptz) FROM jsonb_each(meta) AS m(k, v))
                 FROM verdict.entities",
                &[],
            )
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        tx.commit()
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        let entities = rows
            .iter()
            .map(|r| {
                let kind: String = r.get(0);
                Ok(RemoteEntity {
                    kind: EntityKind::parse(&kind).ok_or_else(|| {
                        TeamError::BadReply(format!("an entity of kind \"{kind}\""))
                    })?,
                    key: r.get(1),
                    fields: as_object(r.get(2))?,
                    version: r.get(3),
                    changed_at: r.get(4),
                })
            })
            .collect::<Result<Vec<_>, TeamError>>()?;
        Ok((entities, cursor))
    }

    /// Whether the team holds no content yet.
    pub async fn is_empty(&self) -> Result<bool, TeamError> {
        Ok(self
            .client
            .query_one("SELECT NOT EXISTS (SELECT 1 FROM verdict.entities)", &[])
            .await
            .map_err(|e| self.error(e))?
            .get(0))
    }

    /// Fills an empty team with `entities` (kind, key, fields); returns how many.
    pub async fn seed(&self, desk: uuid::Uuid, entities: Value) -> Result<i64, TeamError> {
        Ok(self
            .client
            .query_one("SELECT verdict.seed($1, $2)", &[&desk, &entities])
            .await
            .map_err(|e| self.error(e))?
            .get(0))
    }

    /// Asks the server to tell this connection when the team's log moves.
    pub async fn listen(&self) -> Result<(), TeamError> {
        self.client
            .batch_execute("LISTEN verdict_changes")
            .await
            .map_err(|e| self.error(e))
    }

    /// Waits until the log moved (after [`Server::listen`]), the connection ended, or
    /// `timeout` passed; true when woken. Only a wake-up: what changed is read by pulling
    /// after the cursor, since notifications sent while a desk was away are gone.
    pub async fn wait_for_change(&self, timeout: Duration) -> bool {
        tokio::time::timeout(timeout, self.changed.notified())
            .await
            .is_ok()
    }

    /// Whether the connection is gone.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Runs SQL as the member, for tests and tools that check what the server allows.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

impl Server {
    pub async fn targets(&self) -> Result<Vec<TeamTarget>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT name, kind, url, \"user\" FROM verdict.targets ORDER BY name",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows
            .iter()
            .map(|r| TeamTarget {
                name: r.get(0),
                kind: r.get(1),
                url: r.get(2),
                user: r.get(3),
            })
            .collect())
    }

    /// Shares a target's settings with the team (a publisher's step).
    pub async fn set_target(&self, t: &TeamTarget) -> Result<(), TeamError> {
        self.client
            .execute(
                "SELECT verdict.set_target($1, $2, $3, $4)",
                &[&t.name, &t.kind, &t.url, &t.user],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    pub async fn remote_pages(&self) -> Result<Vec<TeamRemotePage>, TeamError> {
        let rows = self
            .client
            .query(&format!("{REMOTE_PAGES} ORDER BY target, slug"), &[])
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows.iter().map(remote_page).collect())
    }

    /// What the team recorded a target holds of one page.
    pub async fn remote_page(
        &self,
        target: &str,
        slug: &str,
    ) -> Result<Option<TeamRemotePage>, TeamError> {
        let row = self
            .client
            .query_opt(
                &format!("{REMOTE_PAGES} WHERE target = $1 AND slug = $2"),
                &[&target, &slug],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(row.as_ref().map(remote_page))
    }

    /// Claims a page on a target for this desk: `None` when it may write it now, else the
    /// member whose desk is writing it.
    pub async fn claim_page(
        &self,
        desk: uuid::Uuid,
        target: &str,
        slug: &str,
        seconds: i32,
    ) -> Result<Option<String>, TeamError> {
        Ok(self
            .client
            .query_one(
                "SELECT verdict.claim_page($1, $2, $3, $4)",
                &[&desk, &target, &slug, &seconds],
            )
            .await
            .map_err(|e| self.error(e))?
            .get(0))
    }

    /// Records what the target now holds of a page (`None`: nothing) and frees the claim.
    pub async fn record_page(
        &self,
        desk: uuid::Uuid,
        target: &str,
        slug: &str,
        page: Option<&TeamRemotePage>,
    ) -> Result<(), TeamError> {
        let none: Option<String> = None;
        let (id, url, hash, version, kept) = match page {
            Some(p) => (
                p.remote_id.clone(),
                p.remote_url.clone(),
                p.content_hash.clone(),
                p.version.clone(),
                p.kept_remote,
            ),
            None => (none.clone(), none, String::new(), String::new(), false),
        };
        self.client
            .execute(
                "SELECT verdict.record_page($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &desk,
                    &target,
                    &slug,
                    &id,
                    &url,
                    &hash,
                    &version,
                    &kept,
                    &page.is_none(),
                ],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }
}

impl Server {
    /// Every page's published record.
    pub async fn published_pages(&self) -> Result<Vec<TeamPublished>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT slug, page_hash, published_at FROM verdict.published_pages ORDER BY slug",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows
            .iter()
            .map(|r| TeamPublished {
                slug: r.get(0),
                page_hash: r.get(1),
                published_at: r.get(2),
            })
            .collect())
    }

    /// Offers the team this desk's record of a published page; true when the team took it
    /// (it keeps a newer one, and takes an editor's only where it has none).
    pub async fn record_published(&self, p: &TeamPublished) -> Result<bool, TeamError> {
        Ok(self
            .client
            .query_one(
                "SELECT verdict.record_published($1, $2, $3)",
                &[&p.slug, &p.page_hash, &p.published_at],
            )
            .await
            .map_err(|e| self.error(e))?
            .get(0))
    }
}

const REMOTE_PAGES: &str = "SELECT target, slug, remote_id, remote_url, content_hash, version,
        published_at, kept_remote FROM verdict.remote_pages";

fn remote_page(r: &tokio_postgres::Row) -> TeamRemotePage {
    TeamRemotePage {
        target: r.get(0),
        slug: r.get(1),
        remote_id: r.get(2),
        remote_url: r.get(3),
        content_hash: r.get(4),
        version: r.get(5),
        published_at: r.get(6),
        kept_remote: r.get(7),
    }
}

fn member(r: &tokio_postgres::Row) -> Member {
    Member {
        login: r.get(0),
        display_name: r.get(1),
        roles: r.get(2),
        reviewer: r.get(3),
        disabled: r.get(4),
    }
}

fn as_object(v: Value) -> Result<Map<String, Value>, TeamError> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(TeamError::BadReply(format!(
            "fields that are not an object: {other}"
        ))),
    }
}

/// Names why connecting failed: the server, the password, the login.
/// A server shutting down, starting up or restarting (class 57P), or a connection failure
/// the server reports itself (class 08): out of reach for now, like one that does not answer.
fn unavailable(code: &SqlState) -> bool {
    code.code().starts_with("57P") || code.code().starts_with("08")
}

fn connect_error(server: &str, user: &str, e: tokio_postgres::Error) -> TeamError {
    if let Some(db) = e.as_db_error() {
        return match *db.code() {
            ref c if unavailable(c) => TeamError::Unreachable {
                server: server.to_string(),
                detail: db.message().to_string(),
            },
            SqlState::INVALID_PASSWORD => TeamError::WrongPassword {
                user: user.to_string(),
            },
            SqlState::INVALID_AUTHORIZATION_SPECIFICATION => TeamError::NotMember {
                user: user.to_string(),
            },
            SqlState::INVALID_CATALOG_NAME => TeamError::NoTeam {
                server: server.to_string(),
            },
            _ => TeamError::Server(db.message().to_string()),
        };
    }
    TeamError::Unreachable {
        server: server.to_string(),
        detail: e.to_string(),
    }
}

/// Names why a query failed: no team there, a role missing, the connection gone.
fn query_error(server: &str, user: &str, e: tokio_postgres::Error) -> TeamError {
    if let Some(db) = e.as_db_error() {
        return match *db.code() {
            ref c if unavailable(c) => TeamError::Unreachable {
                server: server.to_string(),
                detail: db.message().to_string(),
            },
            SqlState::INVALID_SCHEMA_NAME | SqlState::UNDEFINED_TABLE => TeamError::NoTeam {
                server: server.to_string(),
            },
            SqlState::INSUFFICIENT_PRIVILEGE => TeamError::MissingRole {
                user: user.to_string(),
                detail: db.message().to_string(),
            },
            _ => TeamError::Server(db.message().to_string()),
        };
    }
    if e.is_closed() || e.to_string().contains("connection") {
        return TeamError::Unreachable {
            server: server.to_string(),
            detail: e.to_string(),
        };
    }
    TeamError::BadReply(e.to_string())
}
