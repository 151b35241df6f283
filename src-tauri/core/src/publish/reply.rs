//! Reading HTTP targets' replies, one way for every target: transport failures, unexpected
//! statuses (with a short, plain part of the error body), `Retry-After`, and JSON bodies.
//! The targets differ only in how they word it ([`Wording`]).

use reqwest::{Response, StatusCode};

use super::TargetError;

/// How one kind of target words what went wrong.
pub(crate) struct Wording {
    /// Who answered: "the endpoint", "WordPress".
    pub who: &'static str,
    /// Whether a 408 is worth another try.
    pub retry_timeout: bool,
    /// The message for a refused credential (401, 403), from the status and the body's detail.
    pub refused: fn(StatusCode, &str) -> String,
    /// Says that a reply body cannot be read, before the parser's message.
    pub unreadable: &'static str,
}

/// A request that did not get an answer: worth another try.
pub(crate) fn transport(e: reqwest::Error) -> TargetError {
    let what = if e.is_timeout() {
        "the request timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "the connection failed"
    };
    TargetError::Transient(format!("{what}: {}", error_chain(&e)))
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Turns an unexpected status into an error, keeping a short, plain part of the reply (the
/// reply is untrusted text: it is only ever shown as text).
pub(crate) async fn unexpected(response: Response, wording: &Wording) -> TargetError {
    let status = response.status();
    let retry_after = retry_after_of(&response);
    let body = response.text().await.unwrap_or_default();
    classify(status, retry_after, &body, wording)
}

/// The error for `status` with `body`, given the wait a `Retry-After` asked for.
pub(crate) fn classify(
    status: StatusCode,
    retry_after: Option<std::time::Duration>,
    body: &str,
    wording: &Wording,
) -> TargetError {
    let detail = error_detail(body);
    let text = format!("{} answered {status}: {detail}", wording.who);
    if let Some(retry_after) = retry_after {
        TargetError::Throttled {
            message: format!(
                "{text} (it asked to wait {} s)",
                retry_after.as_secs_f32().ceil()
            ),
            retry_after,
        }
    } else if status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || (wording.retry_timeout && status == StatusCode::REQUEST_TIMEOUT)
    {
        TargetError::Transient(text)
    } else if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        TargetError::Permanent((wording.refused)(status, &detail))
    } else {
        TargetError::Permanent(text)
    }
}

/// The body's `error` code when it is the page API's JSON error body.
pub(crate) fn error_code(body: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("error")?
        .as_str()
        .map(str::to_string)
}

/// The body's `message` when it is JSON with one, else the body; without control
/// characters and cut to 300 characters.
pub(crate) fn error_detail(body: &str) -> String {
    let detail = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| body.to_string());
    detail
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect()
}

/// The reply's body, read as JSON.
pub(crate) async fn read_json<T: serde::de::DeserializeOwned>(
    response: Response,
    wording: &Wording,
) -> Result<T, TargetError> {
    let bytes = response.bytes().await.map_err(transport)?;
    parse(&bytes, wording)
}

/// A reply body as JSON; a body that does not read is the target's fault, not worth retrying.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    wording: &Wording,
) -> Result<T, TargetError> {
    serde_json::from_slice(bytes)
        .map_err(|e| TargetError::Permanent(format!("{}: {e}", wording.unreadable)))
}

/// The wait a `Retry-After` header asks for: a number of seconds, or an HTTP date (then
/// counted from `now`; a date in the past asks for no wait). `None` when it is neither.
pub fn retry_after(value: &str, now: std::time::SystemTime) -> Option<std::time::Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(std::time::Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// The `Retry-After` of a 429 or 503 reply, if it has a readable one.
pub(crate) fn retry_after_of(response: &Response) -> Option<std::time::Duration> {
    let status = response.status();
    if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::SERVICE_UNAVAILABLE {
        return None;
    }
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?;
    retry_after(value.to_str().ok()?, std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINT: Wording = Wording {
        who: "the endpoint",
        retry_timeout: true,
        refused: |status, _| format!("refused ({status})"),
        unreadable: "unreadable",
    };

    #[test]
    fn statuses_read_the_same_for_every_target() {
        let wait = Some(std::time::Duration::from_secs(3));
        assert!(matches!(
            classify(StatusCode::TOO_MANY_REQUESTS, wait, "", &ENDPOINT),
            TargetError::Throttled { .. }
        ));
        assert!(matches!(
            classify(StatusCode::BAD_GATEWAY, None, "", &ENDPOINT),
            TargetError::Transient(_)
        ));
        assert!(matches!(
            classify(StatusCode::REQUEST_TIMEOUT, None, "", &ENDPOINT),
            TargetError::Transient(_)
        ));
        let wp = Wording {
            retry_timeout: false,
            ..ENDPOINT
        };
        assert!(matches!(
            classify(StatusCode::REQUEST_TIMEOUT, None, "", &wp),
            TargetError::Permanent(_)
        ));
        match classify(
            StatusCode::BAD_REQUEST,
            None,
            r#"{"message":"no\u0007 way"}"#,
            &ENDPOINT,
        ) {
            TargetError::Permanent(m) => {
                assert_eq!(m, "the endpoint answered 400 Bad Request: no way")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(error_detail(&"x".repeat(400)).len(), 300);
    }
}
