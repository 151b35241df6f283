//! The error shape that crosses the IPC boundary: `{code, message, field?, problems}`.

use serde::Serialize;

use crate::bundle::BundleError;
use crate::desk::{pair_taken_problem, DeskError};
use crate::store::StoreError;
use crate::validate::FieldError;

/// Every error code the UI may receive. Exported to TypeScript as a union of strings, so the
/// UI's branches on a code are checked by the compiler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input that breaks a rule; `problems` names each field.
    Invalid,
    NotFound,
    /// The action is not allowed for the acting profile's roles.
    Forbidden,
    /// The thing is not in a state where the action applies.
    WrongState,
    /// A new comparison for tools that already have a page; `details` names that page.
    PairTaken,
    NewerDatabase,
    NotADeskDatabase,
    DamagedDatabase,
    CannotWrite,
    DataFolder,
    CorruptRecord,
    Database,
    BadBundle,
    Theme,
    NoSecret,
    Keyring,
    Conflict,
    Target,
    Io,
    Window,
    Opener,
    Restore,
    /// The team's server cannot be reached (the desk works on, offline).
    TeamOffline,
    /// The team's server refused the member's login.
    TeamLogin,
    /// The team's server refused the change (a role or a rule enforced there).
    TeamRefused,
    /// Anything else from the team's server or its set-up.
    Team,
}

impl ErrorCode {
    /// The code as the UI receives it (`"not_a_desk_database"`).
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => format!("{self:?}"),
        }
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// What a refusal is about, for the UI to act on (offer the page that is in the way, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ErrorDetails {
    /// The page that already compares the tools (`pair_taken`).
    PairTaken { slug: String, title: String },
}

/// What the UI receives when a command fails: a stable `code` to branch on, a `message` for a
/// person, every `problems` entry to show under its field, `field`, the first of them
/// (or the one field at fault when there is no list), and `details` for codes that have them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    pub problems: Vec<FieldError>,
    // Boxed: every command returns `Result<_, ApiError>`, and the error stays small.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub details: Option<Box<ErrorDetails>>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            field: None,
            problems: Vec::new(),
            details: None,
        }
    }

    /// An error about one field: `problems` holds it, and `field` names it.
    pub fn at(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError {
            code,
            field: Some(field.to_string()),
            problems: vec![FieldError::new(field, message.clone())],
            message,
            details: None,
        }
    }

    /// An `invalid` error listing every problem; the message joins them for a log or a CLI.
    pub fn invalid(problems: Vec<FieldError>) -> Self {
        StoreError::Invalid(problems).into()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        use ErrorCode as C;
        let code = match &e {
            StoreError::Invalid(_) => C::Invalid,
            StoreError::NotFound { .. } => C::NotFound,
            StoreError::NewerSchema { .. } => C::NewerDatabase,
            StoreError::NotOurs { .. } => C::NotADeskDatabase,
            StoreError::Damaged { .. } => C::DamagedDatabase,
            StoreError::CannotWrite { .. } => C::CannotWrite,
            StoreError::DataDir { .. } => C::DataFolder,
            StoreError::Corrupt { .. } => C::CorruptRecord,
            StoreError::Sqlite(_) => C::Database,
        };
        let problems = match &e {
            StoreError::Invalid(problems) => problems.clone(),
            _ => Vec::new(),
        };
        ApiError {
            code,
            message: e.to_string(),
            field: problems.first().map(|p| p.field.clone()),
            problems,
            details: None,
        }
    }
}

impl From<BundleError> for ApiError {
    fn from(e: BundleError) -> Self {
        match e {
            BundleError::Store(s) => s.into(),
            rejected @ BundleError::Rejected(_) => {
                let problems: Vec<FieldError> = rejected
                    .problems()
                    .iter()
                    .map(|p| FieldError::new(p.path.clone(), p.message.clone()))
                    .collect();
                ApiError {
                    code: ErrorCode::BadBundle,
                    field: problems.first().map(|p| p.field.clone()),
                    message: rejected.to_string(),
                    problems,
                    details: None,
                }
            }
        }
    }
}

impl From<crate::render::RenderError> for ApiError {
    fn from(e: crate::render::RenderError) -> Self {
        use crate::render::RenderError;
        match e {
            RenderError::Store(s) => s.into(),
            RenderError::Invalid(problems) => StoreError::Invalid(problems).into(),
            e @ (RenderError::NoComparison(_) | RenderError::NoTool(_)) => {
                ApiError::new(ErrorCode::NotFound, e.to_string())
            }
            e @ RenderError::NoTheme { .. } => {
                ApiError::at(ErrorCode::Invalid, "site.theme", e.to_string())
            }
            e @ RenderError::Template { .. } => ApiError::new(ErrorCode::Theme, e.to_string()),
        }
    }
}

impl From<crate::publish::PublishError> for ApiError {
    fn from(e: crate::publish::PublishError) -> Self {
        use crate::publish::{PublishError, TargetError};
        use ErrorCode as C;
        let code = match &e {
            PublishError::NoTarget(_) | PublishError::NoTargets | PublishError::NoJob(_) => {
                C::NotFound
            }
            PublishError::TargetExists(_) => {
                return ApiError::at(C::Invalid, "name", e.to_string())
            }
            PublishError::NoSecret { .. } => C::NoSecret,
            PublishError::Secret(_) => C::Keyring,
            PublishError::Target {
                source: TargetError::Conflict(_),
                ..
            } => C::Conflict,
            PublishError::Target { .. } => C::Target,
            PublishError::JobState { .. } => C::WrongState,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<crate::workflow::WorkflowError> for ApiError {
    fn from(w: crate::workflow::WorkflowError) -> Self {
        use crate::workflow::WorkflowError;
        match &w {
            WorkflowError::NotAllowed { .. } => ApiError::new(ErrorCode::Forbidden, w.to_string()),
            WorkflowError::WrongState { .. } => ApiError::new(ErrorCode::WrongState, w.to_string()),
            WorkflowError::Invalid { field, .. } => {
                ApiError::at(ErrorCode::Invalid, field, w.to_string())
            }
        }
    }
}

impl From<crate::team::TeamError> for ApiError {
    fn from(e: crate::team::TeamError) -> Self {
        use crate::team::TeamError as T;
        use ErrorCode as C;
        let e = match e {
            T::Store(s) => return s.into(),
            other => other,
        };
        let code = match &e {
            T::Store(_) => C::Database,
            T::Unreachable { .. } | T::Tls(_) | T::UntrustedCertificate { .. } => C::TeamOffline,
            T::WrongPassword { .. } | T::NotMember { .. } | T::NoPassword { .. } => C::TeamLogin,
            T::MissingRole { .. } | T::Refused(_) | T::Server(_) => C::TeamRefused,
            T::BadAddress { .. } | T::PasswordInAddress => {
                return ApiError::at(C::Invalid, "server", e.to_string())
            }
            T::NotJoined | T::AlreadyJoined { .. } => C::WrongState,
            T::Secret(_) => C::Keyring,
            T::SchemaTooNew { .. } | T::NoTeam { .. } | T::BadReply(_) => C::Team,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<crate::newsletter::NewsletterError> for ApiError {
    fn from(e: crate::newsletter::NewsletterError) -> Self {
        use crate::newsletter::NewsletterError as N;
        match e {
            N::Desk(d) => (*d).into(),
            N::Render(r) => r.into(),
            e @ N::NoBaseUrl => ApiError::at(ErrorCode::Invalid, "site.base_url", e.to_string()),
            e @ N::NothingPublished { .. } => ApiError::new(ErrorCode::NotFound, e.to_string()),
            e @ N::EmptyPeriod { .. } => ApiError::at(ErrorCode::Invalid, "since", e.to_string()),
        }
    }
}

impl From<DeskError> for ApiError {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::Store(s) => s.into(),
            DeskError::Bundle(b) => b.into(),
            DeskError::Render(r) => r.into(),
            DeskError::Workflow(w) => w.into(),
            io @ DeskError::Io { .. } => ApiError::new(ErrorCode::Io, io.to_string()),
            DeskError::Publish(p) => p.into(),
            DeskError::PairTaken { slug, title } => ApiError {
                details: Some(Box::new(ErrorDetails::PairTaken {
                    slug: slug.clone(),
                    title: title.clone(),
                })),
                ..ApiError::at(ErrorCode::PairTaken, "tools", pair_taken_problem(&slug))
            },
            DeskError::Media(m) => media_error(m),
        }
    }
}

/// An image refused or invalid is bad input (the file is named in the message); one in
/// use cannot be removed in its state.
fn media_error(e: crate::media::MediaError) -> ApiError {
    use crate::media::MediaError as M;
    // Alt text or credit at fault: each problem goes under its field, as for any form.
    let e = match e {
        M::Invalid(problems) => return StoreError::Invalid(problems).into(),
        other => other,
    };
    let code = match &e {
        M::Refused(_) | M::BadHash(_) | M::Invalid(_) => ErrorCode::Invalid,
        M::NotFound { .. } => ErrorCode::NotFound,
        M::InUse { .. } => ErrorCode::WrongState,
        M::Io { .. } => ErrorCode::Io,
        M::Store(_) => ErrorCode::Database,
    };
    ApiError::new(code, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_is_code_message_field_and_every_problem() {
        let e: ApiError = StoreError::Invalid(vec![
            FieldError::new("name", "must not be empty"),
            FieldError::new("slug", "bad"),
        ])
        .into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "invalid",
                "message": "name: must not be empty; slug: bad",
                "field": "name",
                "problems": [
                    {"field": "name", "message": "must not be empty"},
                    {"field": "slug", "message": "bad"}
                ]
            })
        );
        let e: ApiError = StoreError::NewerSchema {
            found: 9,
            supported: 1,
        }
        .into();
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "newer_database");
        assert!(v.get("field").is_none());
        assert_eq!(v["problems"], serde_json::json!([]));
    }

    #[test]
    fn codes_are_snake_case_strings() {
        for (code, text) in [
            (ErrorCode::NotADeskDatabase, "not_a_desk_database"),
            (ErrorCode::TeamOffline, "team_offline"),
            (ErrorCode::WrongState, "wrong_state"),
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), text);
        }
    }
}
