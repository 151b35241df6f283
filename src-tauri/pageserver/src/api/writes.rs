//! Writing pages: `PUT` and `DELETE /pages/{slug}`, with their preconditions and idempotency.

use super::*;

pub(super) async fn put_page(shared: &Shared, parts: &Parts, body: Incoming, slug: &str) -> Reply {
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
    let reply = put_locked(shared, &mut state, &parts.headers, &body, slug);
    state.remember(key, parts.method.clone(), path, &reply);
    reply
}

fn put_locked(
    shared: &Shared,
    state: &mut State,
    headers: &HeaderMap,
    body: &[u8],
    slug: &str,
) -> Reply {
    let precondition = match put_precondition(headers) {
        Ok(p) => p,
        Err(reply) => return reply,
    };
    let put = match validate_put(body, slug) {
        Ok(put) => put,
        Err(reply) => return reply,
    };
    let page = Value::Object(put.page);
    // An update keeps the page's card: the client replaces it with its own request.
    let share_card = state.pages.get(slug).and_then(|p| p.share_card.clone());
    let (status, revision) = match (&precondition, state.pages.get(slug)) {
        (Precondition::Create, Some(current)) => {
            state.stats.rejected_412 += 1;
            return shared.conflict(format!("page `{slug}` already exists"), Some(current));
        }
        (Precondition::Update(_), None) => {
            state.stats.rejected_412 += 1;
            return shared.conflict(format!("page `{slug}` does not exist"), None);
        }
        (Precondition::Update(etag), Some(current)) if *etag != current.etag => {
            state.stats.rejected_412 += 1;
            return shared.conflict(
                format!(
                    "page `{slug}` has changed: If-Match {etag}, current etag {}",
                    current.etag
                ),
                Some(current),
            );
        }
        (Precondition::Create, None) => (StatusCode::CREATED, 1),
        (Precondition::Update(_), Some(current)) => (StatusCode::OK, current.revision + 1),
    };
    let etag = state.next_etag(&put.title, &put.content_hash, &put.html, &page);
    let stored = StoredPage {
        slug: slug.to_owned(),
        title: put.title,
        content_hash: put.content_hash,
        etag,
        html: put.html,
        page,
        updated_at: Utc::now(),
        revision,
        share_card,
    };
    if status == StatusCode::CREATED {
        state.stats.creates += 1;
    } else {
        state.stats.updates += 1;
    }
    state.count_write(slug);
    let reply = shared.page_reply(status, &stored);
    state.pages.insert(slug.to_owned(), stored);
    reply
}

pub(super) async fn delete_page(
    shared: &Shared,
    parts: &Parts,
    body: Incoming,
    slug: &str,
) -> Reply {
    let key = match idempotency_key(&parts.headers) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    // A DELETE body means nothing; read it so the connection stays usable.
    if let Err(BodyError::TooLarge) = read_body(&parts.headers, body).await {
        return too_large();
    }
    let path = parts.uri.path();
    let mut state = shared.lock();
    if let Some(reply) = state.idempotency_lookup(&key, &parts.method, path) {
        return reply;
    }
    let reply = delete_locked(shared, &mut state, &parts.headers, slug);
    state.remember(key, parts.method.clone(), path, &reply);
    reply
}

fn delete_locked(shared: &Shared, state: &mut State, headers: &HeaderMap, slug: &str) -> Reply {
    let if_match = match single(headers, "if-match") {
        Ok(Some(v)) => match parse_etag(v, "If-Match") {
            Ok(etag) => Some(etag),
            Err(reply) => return reply,
        },
        Ok(None) => None,
        Err(reply) => return reply,
    };
    let Some(current) = state.pages.get(slug) else {
        return not_found(&format!("no page `{slug}`"));
    };
    if let Some(etag) = if_match {
        if etag != current.etag {
            let reply = shared.conflict(
                format!(
                    "page `{slug}` has changed: If-Match {etag}, current etag {}",
                    current.etag
                ),
                Some(current),
            );
            state.stats.rejected_412 += 1;
            return reply;
        }
    }
    state.pages.remove(slug);
    state.stats.deletes += 1;
    state.count_write(slug);
    Reply::empty(StatusCode::NO_CONTENT)
}
