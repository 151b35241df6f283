//! The `share-card` feature: `GET` and `PUT /pages/{slug}/share-card`, one PNG per page.

use super::*;

/// A page's share card as a PNG.
pub(super) fn card_reply(shared: &Shared, slug: &str) -> Reply {
    match shared
        .lock()
        .pages
        .get(slug)
        .and_then(|p| p.share_card.as_ref())
    {
        Some(card) => Reply {
            status: StatusCode::OK,
            etag: None,
            content_type: Some("image/png"),
            body: card.png.clone(),
            replayed: false,
            extra: Vec::new(),
        },
        None => not_found(&format!("no share card for `{slug}`")),
    }
}

pub(super) async fn put_card(shared: &Shared, parts: &Parts, body: Incoming, slug: &str) -> Reply {
    let key = match idempotency_key(&parts.headers) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    let body = match read_body(&parts.headers, body).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => return too_large(),
        Err(BodyError::Broken) => return bad_request("could not read the request body"),
    };
    let path = parts.uri.path();
    let mut state = shared.lock();
    if let Some(reply) = state.idempotency_lookup(&key, &parts.method, path) {
        return reply;
    }
    let reply = put_card_locked(shared, &mut state, &parts.headers, body, slug);
    state.remember(key, parts.method.clone(), path, &reply);
    reply
}

fn put_card_locked(
    shared: &Shared,
    state: &mut State,
    headers: &HeaderMap,
    body: Bytes,
    slug: &str,
) -> Reply {
    let content_type = match single(headers, "content-type") {
        Ok(v) => v.and_then(|v| v.to_str().ok()).unwrap_or(""),
        Err(reply) => return reply,
    };
    if !content_type.trim().eq_ignore_ascii_case("image/png") {
        return Reply::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid",
            "a share card is sent as Content-Type: image/png",
        );
    }
    let hash = match single(headers, "content-hash") {
        Ok(Some(v)) => v.to_str().unwrap_or("").trim().to_owned(),
        Ok(None) => String::new(),
        Err(reply) => return reply,
    };
    if hash.is_empty() || hash.chars().count() > MAX_HASH_LEN {
        return bad_request(format!(
            "Content-Hash must have 1-{MAX_HASH_LEN} visible characters"
        ));
    }
    if !body.starts_with(PNG_SIGNATURE) {
        return unprocessable("the body is not a PNG image");
    }
    let url = format!("{}{SHARE_CARD_FILE}", shared.page_url(slug));
    let Some(page) = state.pages.get_mut(slug) else {
        return not_found(&format!("no page `{slug}`"));
    };
    let bytes = body.len();
    page.share_card = Some(StoredCard {
        content_hash: hash.clone(),
        png: body,
    });
    state.stats.cards += 1;
    Reply::json(
        StatusCode::OK,
        &json!({ "slug": slug, "content_hash": hash, "url": url, "bytes": bytes }),
    )
}
