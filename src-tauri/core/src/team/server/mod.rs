//! The team's server: a PostgreSQL database with the `verdict` schema. Connecting (TLS with
//! the system's roots when the server offers it), members, and the three things a desk does
//! there: push a change, pull the log, take a snapshot. Creating the schema is in `schema`,
//! what the team shares about publishing in `publishing`.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio_postgres::{Client, Config};

use crate::model::EntityKind;
use crate::team::wire::{Member, Pending, PushAnswer, RemoteChange, RemoteEntity};
use crate::team::TeamError;

mod comments;
mod errors;
mod media;
mod presence;
mod publishing;
mod schema;

pub use comments::{TeamComment, COMMENTS_SCHEMA};
use errors::{connect_error, query_error};
pub use presence::{Beat, PresenceRow, PRESENCE_SCHEMA};
pub use schema::{GROUP_ROLES, TEAM_MIGRATIONS, TEAM_SCHEMA_VERSION};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to the team's server.
pub struct Server {
    client: Client,
    /// Shown in messages: host and database, never a password.
    name: String,
    user: String,
    /// Woken by a NOTIFY on `verdict_changes` (after `listen`) or when the connection ends.
    changed: Arc<tokio::sync::Notify>,
    /// Woken by another desk's presence NOTIFY (after `listen_presence`) or when the
    /// connection ends.
    presence_moved: Arc<tokio::sync::Notify>,
    /// This desk's id, whose own presence NOTIFYs wake nothing.
    own_desk: Arc<std::sync::Mutex<Option<String>>>,
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
        let (tls, seen_issuer) = crate::team::tls::connector()?;
        let connected = tokio::time::timeout(CONNECT_TIMEOUT * 2, config.connect(tls)).await;
        let (client, connection) = match connected {
            Ok(Ok(pair)) => pair,
            Ok(Err(e)) => {
                return Err(crate::team::tls::certificate_error(&name, &e, &seen_issuer)
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
        let presence_moved = Arc::new(tokio::sync::Notify::new());
        let own_desk = Arc::new(std::sync::Mutex::new(None::<String>));
        let (wake, moved, own) = (changed.clone(), presence_moved.clone(), own_desk.clone());
        let mut connection = connection;
        tokio::spawn(async move {
            loop {
                let message = std::future::poll_fn(|cx| connection.poll_message(cx)).await;
                match message {
                    Some(Ok(tokio_postgres::AsyncMessage::Notification(n)))
                        if n.channel() == presence::CHANNEL =>
                    {
                        let mine = own.lock().unwrap_or_else(|e| e.into_inner());
                        if mine.as_deref() != Some(n.payload()) {
                            moved.notify_one();
                        }
                    }
                    Some(Ok(tokio_postgres::AsyncMessage::Notification(_))) => wake.notify_one(),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        tracing::debug!(error = %e, "team server connection closed");
                        wake.notify_one();
                        moved.notify_one();
                        break;
                    }
                    None => {
                        wake.notify_one();
                        moved.notify_one();
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
            presence_moved,
            own_desk,
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
