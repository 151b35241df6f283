//! Answers: a [`Reply`] before it becomes a hyper `Response`, and the usual errors.

use super::*;

/// A response before it becomes a hyper `Response` (and the unit of idempotent replay).
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(super) etag: Option<String>,
    pub(super) content_type: Option<&'static str>,
    pub(super) body: Bytes,
    pub(crate) replayed: bool,
    pub(super) extra: Vec<(HeaderName, HeaderValue)>,
}

impl Reply {
    pub(super) fn json(status: StatusCode, body: &impl Serialize) -> Reply {
        let body = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
        Reply {
            status,
            etag: None,
            content_type: Some("application/json"),
            body: Bytes::from(body),
            replayed: false,
            extra: Vec::new(),
        }
    }

    pub(crate) fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Reply {
        Reply::json(status, &json!({ "error": code, "message": message.into() }))
    }

    pub(super) fn empty(status: StatusCode) -> Reply {
        Reply {
            status,
            etag: None,
            content_type: None,
            body: Bytes::new(),
            replayed: false,
            extra: Vec::new(),
        }
    }

    /// The throttling answer of a `Throttle` fault: 429 or 503 with `Retry-After`.
    pub(crate) fn throttled(status: u16, secs: u64, http_date: bool) -> Reply {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        let after = if http_date {
            (Utc::now() + chrono::Duration::seconds(secs as i64))
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string()
        } else {
            secs.to_string()
        };
        let mut reply = Reply::error(
            status,
            if status == StatusCode::TOO_MANY_REQUESTS {
                "too_many_requests"
            } else {
                "unavailable"
            },
            format!("injected fault: try again after {after}"),
        );
        if let Ok(value) = HeaderValue::from_str(&after) {
            reply.extra.push((header::RETRY_AFTER, value));
        }
        reply
    }

    pub(super) fn with_header(mut self, name: HeaderName, value: &'static str) -> Reply {
        self.extra.push((name, HeaderValue::from_static(value)));
        self
    }

    pub(crate) fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if let Some(content_type) = self.content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        if let Some(etag) = self.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
            headers.insert(header::ETAG, etag);
        }
        if self.replayed {
            headers.insert(
                HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            );
        }
        for (name, value) in self.extra {
            headers.insert(name, value);
        }
        response
    }
}

pub(super) fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn not_found(what: &str) -> Reply {
    Reply::error(StatusCode::NOT_FOUND, "not_found", what.to_owned())
}

pub(super) fn method_not_allowed(allow: &'static str) -> Reply {
    Reply::error(
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid",
        format!("method not allowed (allowed: {allow})"),
    )
    .with_header(header::ALLOW, allow)
}

pub(super) fn bad_request(message: impl Into<String>) -> Reply {
    Reply::error(StatusCode::BAD_REQUEST, "invalid", message)
}

pub(super) fn unprocessable(message: impl Into<String>) -> Reply {
    Reply::error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
}
