//! Turning the server's errors into the team's: what a failed connection or query means
//! for the member (unreachable, wrong password, not a member, a role missing).

use tokio_postgres::error::SqlState;

use crate::team::TeamError;

/// Names why connecting failed: the server, the password, the login.
/// A server shutting down, starting up or restarting (class 57P), or a connection failure
/// the server reports itself (class 08): out of reach for now, like one that does not answer.
fn unavailable(code: &SqlState) -> bool {
    code.code().starts_with("57P") || code.code().starts_with("08")
}

pub(super) fn connect_error(server: &str, user: &str, e: tokio_postgres::Error) -> TeamError {
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
pub(super) fn query_error(server: &str, user: &str, e: tokio_postgres::Error) -> TeamError {
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
