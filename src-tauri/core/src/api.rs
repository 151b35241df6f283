//! The error shape that crosses the IPC boundary: `{code, message, field?}`.

use serde::Serialize;

use crate::bundle::BundleError;
use crate::desk::DeskError;
use crate::store::StoreError;

/// What the UI receives when a command fails: a stable `code` to branch on, a `message` for a
/// person, and the `field` to show it under when one field is at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            field: None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::Invalid(_) => "invalid",
            StoreError::NotFound { .. } => "not_found",
            StoreError::NewerSchema { .. } => "newer_database",
            StoreError::NotOurs { .. } => "not_a_desk_database",
            StoreError::Damaged { .. } => "damaged_database",
            StoreError::CannotWrite { .. } => "cannot_write",
            StoreError::DataDir { .. } => "data_folder",
            StoreError::Corrupt { .. } => "corrupt_record",
            StoreError::Sqlite(_) => "database",
        };
        let field = match &e {
            StoreError::Invalid(problems) => problems.first().map(|p| p.field.clone()),
            _ => None,
        };
        ApiError {
            code,
            message: e.to_string(),
            field,
        }
    }
}

impl From<BundleError> for ApiError {
    fn from(e: BundleError) -> Self {
        match e {
            BundleError::Store(s) => s.into(),
            rejected @ BundleError::Rejected(_) => ApiError {
                code: "bad_bundle",
                field: rejected.problems().first().map(|p| p.path.clone()),
                message: rejected.to_string(),
            },
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
                ApiError::new("not_found", e.to_string())
            }
            e @ RenderError::NoTheme { .. } => ApiError {
                code: "invalid",
                message: e.to_string(),
                field: Some("site.theme".into()),
            },
            e @ RenderError::Template { .. } => ApiError::new("theme", e.to_string()),
        }
    }
}

impl From<crate::publish::PublishError> for ApiError {
    fn from(e: crate::publish::PublishError) -> Self {
        use crate::publish::{PublishError, TargetError};
        let (code, field) = match &e {
            PublishError::NoTarget(_) | PublishError::NoTargets | PublishError::NoJob(_) => {
                ("not_found", None)
            }
            PublishError::TargetExists(_) => ("invalid", Some("name")),
            PublishError::NoSecret { .. } => ("no_secret", None),
            PublishError::Secret(_) => ("keyring", None),
            PublishError::Target {
                source: TargetError::Conflict(_),
                ..
            } => ("conflict", None),
            PublishError::Target { .. } => ("target", None),
            PublishError::JobState { .. } => ("wrong_state", None),
        };
        ApiError {
            code,
            message: e.to_string(),
            field: field.map(str::to_string),
        }
    }
}

impl From<DeskError> for ApiError {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::Store(s) => s.into(),
            DeskError::Bundle(b) => b.into(),
            DeskError::Render(r) => r.into(),
            DeskError::Workflow(w) => {
                use crate::workflow::WorkflowError;
                let (code, field) = match &w {
                    WorkflowError::NotAllowed { .. } => ("forbidden", None),
                    WorkflowError::WrongState { .. } => ("wrong_state", None),
                    WorkflowError::Invalid { field, .. } => ("invalid", Some(field.to_string())),
                };
                ApiError {
                    code,
                    message: w.to_string(),
                    field,
                }
            }
            io @ DeskError::Io { .. } => ApiError::new("io", io.to_string()),
            DeskError::Publish(p) => p.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FieldError;

    #[test]
    fn json_shape_is_code_message_and_optional_field() {
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
                "field": "name"
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
    }
}
