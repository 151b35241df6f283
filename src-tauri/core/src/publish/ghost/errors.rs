//! Ghost's answers when something went wrong, in words a publisher can act on: a revoked or
//! unknown Admin API key is named as such; other errors keep Ghost's own short message.

use reqwest::{Response, StatusCode};
use serde::Deserialize;

use super::WORDING;
use crate::publish::{reply, TargetError};

/// One error of Ghost's `{"errors":[…]}` body.
#[derive(Debug, Default, Deserialize)]
struct GhostError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    code: Option<String>,
}

fn first_error(body: &str) -> GhostError {
    #[derive(Deserialize)]
    struct Errors {
        errors: Vec<GhostError>,
    }
    serde_json::from_str::<Errors>(body)
        .ok()
        .and_then(|e| e.errors.into_iter().next())
        .unwrap_or_default()
}

/// Plain, short text from the reply (untrusted: only ever shown as text).
pub(super) fn plain(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(300).collect()
}

/// An unexpected reply, in Ghost's words: a revoked or unknown key is named as such.
pub(super) async fn refused(response: Response) -> TargetError {
    let status = response.status();
    let retry_after = reply::retry_after_of(&response);
    let body = response.text().await.unwrap_or_default();
    let error = first_error(&body);
    let detail = match (&error.message, &error.context) {
        (m, Some(c)) if !m.is_empty() && !c.is_empty() => format!("{m} {c}"),
        (m, _) if !m.is_empty() => m.clone(),
        _ => reply::error_detail(&body),
    };
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        let unknown = matches!(error.code.as_deref(), Some("UNKNOWN_ADMIN_API_KEY"))
            || error.message.contains("Unknown Admin API Key");
        let invalid = matches!(error.code.as_deref(), Some("INVALID_JWT"))
            || error.message.contains("Invalid token");
        let why = if unknown {
            "the key was revoked, or it is not one of this site's keys (its integration was \
             deleted): make a new custom integration in Ghost (Settings → Integrations) and \
             store its Admin API key"
        } else if invalid {
            "the key's secret does not match (the integration's key was regenerated, i.e. the \
             old one revoked): store the integration's current Admin API key"
        } else {
            "check the target's Admin API key"
        };
        return TargetError::Permanent(format!(
            "Ghost refused the Admin API key ({status}): {why} ({})",
            plain(&detail)
        ));
    }
    let mut text = reply::classify(status, retry_after, &body, &WORDING);
    if let TargetError::Permanent(m) = &mut text {
        *m = format!("Ghost answered {status}: {}", plain(&detail));
    }
    text
}
