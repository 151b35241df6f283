//! Reading a request: the idempotency key, the body (within its limit), preconditions and
//! the page a PUT sends.

use super::*;

pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<String, Reply> {
    let mut values = headers.get_all("idempotency-key").iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(bad_request(
            "exactly one Idempotency-Key header is required",
        ));
    };
    let bytes = value.as_bytes();
    if bytes.is_empty()
        || bytes.len() > MAX_KEY_LEN
        || !bytes.iter().all(|b| (0x21..=0x7e).contains(b))
    {
        return Err(bad_request(
            "Idempotency-Key must be 1-200 visible ASCII characters (no spaces)",
        ));
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

pub(super) enum BodyError {
    TooLarge,
    Broken,
}

/// Read the body, at most [`BODY_LIMIT`] bytes. An oversized body is drained (up to
/// [`DRAIN_LIMIT`]) so that the client can read the 413.
pub(super) async fn read_body(headers: &HeaderMap, body: Incoming) -> Result<Bytes, BodyError> {
    read_limited(headers, body, BODY_LIMIT).await
}

/// Read the body, at most `limit` bytes, draining an oversized one like [`read_body`].
pub(super) async fn read_limited(
    headers: &HeaderMap,
    mut body: Incoming,
    limit: usize,
) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_LIMIT) {
        return Err(BodyError::TooLarge);
    }
    let mut buf: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| BodyError::Broken)?;
        if let Ok(data) = frame.into_data() {
            total += data.len() as u64;
            if total <= limit as u64 {
                buf.extend_from_slice(&data);
            } else if total > DRAIN_LIMIT {
                break;
            }
        }
    }
    if total > limit as u64 {
        return Err(BodyError::TooLarge);
    }
    Ok(Bytes::from(buf))
}

pub(super) fn too_large() -> Reply {
    Reply::error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("request body exceeds {BODY_LIMIT} bytes"),
    )
}

/// A strong entity tag: `"..."` with no inner quote.
pub(super) fn parse_etag(value: &HeaderValue, name: &str) -> Result<String, Reply> {
    let value = value
        .to_str()
        .map_err(|_| bad_request(format!("{name} is not ASCII")))?
        .trim();
    let ok = value.len() >= 2
        && value.starts_with('"')
        && value.ends_with('"')
        && !value[1..value.len() - 1].contains('"');
    if ok {
        Ok(value.to_owned())
    } else {
        Err(bad_request(format!(
            "{name} must be one strong entity tag such as \"12-0123456789abcdef\""
        )))
    }
}

pub(super) fn single<'a>(
    headers: &'a HeaderMap,
    name: &str,
) -> Result<Option<&'a HeaderValue>, Reply> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (first, None) => Ok(first),
        _ => Err(bad_request(format!("more than one {name} header"))),
    }
}

pub(super) enum Precondition {
    Create,
    Update(String),
}

pub(super) fn put_precondition(headers: &HeaderMap) -> Result<Precondition, Reply> {
    let none_match = single(headers, "if-none-match")?;
    let if_match = single(headers, "if-match")?;
    match (none_match, if_match) {
        (Some(_), Some(_)) => Err(bad_request(
            "send exactly one of If-None-Match: * (create) or If-Match (update), not both",
        )),
        (None, None) => Err(Reply::error(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "PUT needs If-None-Match: * (create) or If-Match: \"<etag>\" (update)",
        )),
        (Some(v), None) => {
            if v.as_bytes().trim_ascii() == b"*" {
                Ok(Precondition::Create)
            } else {
                Err(bad_request("If-None-Match must be `*`"))
            }
        }
        (None, Some(v)) => parse_etag(v, "If-Match").map(Precondition::Update),
    }
}

pub(super) fn validate_put(body: &[u8], slug: &str) -> Result<PutBody, Reply> {
    let put: PutBody = serde_json::from_slice(body)
        .map_err(|e| bad_request(format!("body is not a valid page: {e}")))?;
    if put.slug != slug {
        return Err(unprocessable(format!(
            "body slug `{}` does not match the path slug `{slug}`",
            put.slug
        )));
    }
    if put.title.trim().is_empty() {
        return Err(unprocessable("title must not be empty"));
    }
    if put.content_hash.is_empty() || put.content_hash.chars().count() > MAX_HASH_LEN {
        return Err(unprocessable(format!(
            "content_hash must have 1-{MAX_HASH_LEN} characters"
        )));
    }
    if put.html.trim().is_empty() {
        return Err(unprocessable("html must not be empty"));
    }
    Ok(put)
}
