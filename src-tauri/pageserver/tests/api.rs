//! Verdict Page API v1 behaviour of the reference server, over real HTTP.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

mod client;
use client::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_is_required_everywhere() {
    let api = api().await;
    for (method, path) in [
        (Method::GET, ""),
        (Method::GET, "pages"),
        (Method::GET, "pages/a"),
        (Method::PUT, "pages/a"),
        (Method::DELETE, "pages/a"),
        (Method::GET, "votes"),
    ] {
        let no_auth = api
            .send(api.client.request(method.clone(), api.url(path)))
            .await
            .unwrap();
        assert_eq!(no_auth.status, StatusCode::UNAUTHORIZED, "{method} /{path}");
        assert_eq!(no_auth.error(), "unauthorized");
        assert!(no_auth.json()["message"].is_string());
        assert_eq!(no_auth.headers["content-type"], "application/json");
        let wrong = api
            .send(
                api.client
                    .request(method.clone(), api.url(path))
                    .bearer_auth("nope"),
            )
            .await
            .unwrap();
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{method} /{path}");
    }
    let ok = api.get("").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(
        ok.json(),
        json!({"api": "verdict-pages", "version": 1, "pages": 0, "features": ["share-card", "media"]})
    );
    assert_eq!(api.server.page("a"), None, "nothing was written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_update_and_conflicts() {
    let api = api().await;
    let body = page("claude-vs-gpt", "Claude vs GPT");

    let created = api.put("claude-vs-gpt", "k1", Pre::Create, &body).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let etag1 = created.etag().expect("ETag header");
    let res = created.json();
    assert_eq!(res["etag"], etag1.as_str());
    assert!(etag1.starts_with('"') && etag1.ends_with('"'));
    assert_eq!(res["slug"], "claude-vs-gpt");
    assert_eq!(res["title"], "Claude vs GPT");
    assert_eq!(res["content_hash"], body["content_hash"]);
    assert_eq!(res["page"], body["page"]);
    assert_eq!(res["html"], body["html"]);
    assert_eq!(
        res["url"],
        format!("{}p/claude-vs-gpt/", api.server.url()).as_str()
    );
    assert!(chrono::DateTime::parse_from_rfc3339(res["updated_at"].as_str().unwrap()).is_ok());
    assert!(!created.replayed());

    let fetched = api.get("pages/claude-vs-gpt").await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.etag().as_deref(), Some(etag1.as_str()));
    assert_eq!(fetched.json(), res);
    // The public URL serves the HTML without a token.
    let public = api
        .send(api.client.get(res["url"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.raw, body["html"].as_str().unwrap().as_bytes());

    // Create again: 412 with the current resource.
    let again = api.put("claude-vs-gpt", "k2", Pre::Create, &body).await;
    assert_eq!(again.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(again.error(), "precondition_failed");
    assert_eq!(again.json()["current"], res);

    // Update with the right etag: 200 and a new etag.
    let body2 = page("claude-vs-gpt", "Claude vs GPT (2025)");
    let updated = api
        .put("claude-vs-gpt", "k3", Pre::Update(&etag1), &body2)
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    let etag2 = updated.etag().unwrap();
    assert_ne!(etag2, etag1);
    assert_eq!(updated.json()["etag"], etag2.as_str());
    assert_eq!(updated.json()["title"], "Claude vs GPT (2025)");
    assert_eq!(api.server.page("claude-vs-gpt").unwrap().revision, 2);

    // Same content again still gets a fresh etag.
    let same = api
        .put("claude-vs-gpt", "k3b", Pre::Update(&etag2), &body2)
        .await;
    assert_eq!(same.status, StatusCode::OK);
    let etag3 = same.etag().unwrap();
    assert_ne!(etag3, etag2);

    // Stale etag: 412 with current.
    let stale = api
        .put("claude-vs-gpt", "k4", Pre::Update(&etag1), &body)
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["current"]["etag"], etag3.as_str());

    // Update of an absent page: 412 with current null.
    let absent = api
        .put("nope", "k5", Pre::Update(&etag1), &page("nope", "Nope"))
        .await;
    assert_eq!(absent.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(absent.json()["current"], Value::Null);

    // No precondition: 428.
    let none = api.put("claude-vs-gpt", "k6", Pre::None, &body).await;
    assert_eq!(none.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(none.error(), "precondition_required");

    // Both preconditions: 400.
    let both = api
        .send(
            api.put_req("claude-vs-gpt", "k7", Pre::Create, &body)
                .header("If-Match", etag3.as_str()),
        )
        .await
        .unwrap();
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    assert_eq!(both.error(), "invalid");

    // Body slug differs from the path: 422 invalid.
    let mismatch = api
        .put("other", "k8", Pre::Create, &page("claude-vs-gpt", "X"))
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mismatch.error(), "invalid");

    // Malformed body: 400; bad slug: 400; missing key: 400.
    let malformed = api.put("x", "k9", Pre::Create, &json!({"slug": "x"})).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let bad_slug = api
        .put("Bad_Slug", "k10", Pre::Create, &page("Bad_Slug", "X"))
        .await;
    assert_eq!(bad_slug.status, StatusCode::BAD_REQUEST);
    let no_key = api
        .send(
            api.client
                .put(api.url("pages/x"))
                .bearer_auth(TOKEN)
                .header("If-None-Match", "*")
                .json(&page("x", "X")),
        )
        .await
        .unwrap();
    assert_eq!(no_key.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_key.error(), "invalid");

    // Unknown route and method.
    assert_eq!(api.get("nothing").await.status, StatusCode::NOT_FOUND);
    let post = api
        .send(api.client.post(api.url("pages")).bearer_auth(TOKEN))
        .await
        .unwrap();
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);

    let stats = api.server.stats();
    assert_eq!((stats.creates, stats.updates, stats.deletes), (1, 2, 0));
    assert_eq!(stats.rejected_412, 3);
    assert_eq!(stats.by_slug_writes.get("claude-vs-gpt"), Some(&3));
    assert_eq!(stats.by_slug_writes.get("nope"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_pages_sorted() {
    let api = api().await;
    for slug in ["b-page", "a-page", "c-page"] {
        let r = api.put(slug, slug, Pre::Create, &page(slug, slug)).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let list = api.get("pages").await.json();
    let slugs: Vec<&str> = list["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["a-page", "b-page", "c-page"]);
    let first = &list["pages"][0];
    let stored = api.server.page("a-page").unwrap();
    assert_eq!(first["etag"], stored.etag.as_str());
    assert_eq!(first["content_hash"], stored.content_hash.as_str());
    assert!(first["updated_at"].is_string());
    assert_eq!(api.get("").await.json()["pages"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotent_replay() {
    let api = api().await;
    let body = page("replay", "Replay");
    let first = api.put("replay", "same-key", Pre::Create, &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(!first.replayed());

    let second = api.put("replay", "same-key", Pre::Create, &body).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert!(second.replayed());
    assert_eq!(second.raw, first.raw, "byte-identical body");
    assert_eq!(second.etag(), first.etag());

    let stats = api.server.stats();
    assert_eq!(stats.creates, 1);
    assert_eq!(stats.replays, 1);
    assert_eq!(stats.by_slug_writes["replay"], 1);

    // Same key, other path or method: 422 idempotency_mismatch, nothing written.
    let other_path = api
        .put(
            "elsewhere",
            "same-key",
            Pre::Create,
            &page("elsewhere", "E"),
        )
        .await;
    assert_eq!(other_path.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other_path.error(), "idempotency_mismatch");
    let other_method = api.delete("replay", "same-key", None).await;
    assert_eq!(other_method.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other_method.error(), "idempotency_mismatch");
    assert!(api.server.page("elsewhere").is_none());
    assert!(api.server.page("replay").is_some());

    // 4xx responses are remembered too: a replayed 412 stays a 412.
    let conflict = api.put("replay", "k-conflict", Pre::Create, &body).await;
    assert_eq!(conflict.status, StatusCode::PRECONDITION_FAILED);
    let conflict_again = api.put("replay", "k-conflict", Pre::Create, &body).await;
    assert_eq!(conflict_again.status, StatusCode::PRECONDITION_FAILED);
    assert!(conflict_again.replayed());
    assert_eq!(conflict_again.raw, conflict.raw);
    assert_eq!(api.server.stats().rejected_412, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_then_404() {
    let api = api().await;
    let created = api
        .put("gone", "c", Pre::Create, &page("gone", "Gone"))
        .await;
    let etag = created.etag().unwrap();

    let wrong = api
        .delete("gone", "d0", Some("\"0-0000000000000000\""))
        .await;
    assert_eq!(wrong.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(wrong.json()["current"]["etag"], etag.as_str());

    let deleted = api.delete("gone", "d1", Some(&etag)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(deleted.raw.is_empty());
    let replay = api.delete("gone", "d1", Some(&etag)).await;
    assert_eq!(replay.status, StatusCode::NO_CONTENT);
    assert!(replay.replayed());

    let again = api.delete("gone", "d2", None).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.error(), "not_found");
    let get = api.get("pages/gone").await;
    assert_eq!(get.status, StatusCode::NOT_FOUND);
    assert_eq!(get.error(), "not_found");

    let missing_key = api
        .send(api.client.delete(api.url("pages/gone")).bearer_auth(TOKEN))
        .await
        .unwrap();
    assert_eq!(missing_key.status, StatusCode::BAD_REQUEST);

    // Re-created page gets an etag never seen before.
    let recreated = api
        .put("gone", "c2", Pre::Create, &page("gone", "Gone"))
        .await;
    assert_eq!(recreated.status, StatusCode::CREATED);
    assert_ne!(recreated.etag().unwrap(), etag);
    let stats = api.server.stats();
    assert_eq!(stats.deletes, 1);
    assert_eq!(stats.by_slug_writes["gone"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes() {
    let api = api().await;
    let empty = api.get("votes").await.json();
    assert_eq!(empty["votes"], json!([]));
    api.server
        .set_votes([("claude-vs-gpt", "gpt", 7), ("claude-vs-gpt", "claude", 12)]);
    let reply = api.get("votes").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert!(chrono::DateTime::parse_from_rfc3339(body["as_of"].as_str().unwrap()).is_ok());
    assert_eq!(
        body["votes"],
        json!([
            {"comparison": "claude-vs-gpt", "tool": "claude", "votes": 12},
            {"comparison": "claude-vs-gpt", "tool": "gpt", "votes": 7},
        ])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_edit_makes_if_match_stale() {
    let api = api().await;
    let created = api
        .put("edited", "c", Pre::Create, &page("edited", "Original"))
        .await;
    let etag = created.etag().unwrap();
    let edited = api.server.edit_remote("edited", "Edited online").unwrap();
    assert_ne!(edited.etag, etag);
    assert_eq!(edited.revision, 2);
    assert!(edited.html.contains("Edited online"));
    assert!(edited.content_hash.starts_with("remote:"));
    assert_eq!(edited.page["title"], "Edited online");
    assert!(api.server.edit_remote("missing", "x").is_none());

    let stale = api
        .put("edited", "u", Pre::Update(&etag), &page("edited", "Mine"))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["current"]["title"], "Edited online");
    assert_eq!(api.server.stats().by_slug_writes["edited"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_limit_413() {
    let api = api().await;
    let mut body = page("big", "Big");
    body["html"] = json!("x".repeat(9 * 1024 * 1024));
    let reply = api.put("big", "big", Pre::Create, &body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error(), "too_large");
    assert!(api.server.page("big").is_none());
    // Just under the limit is fine.
    body["html"] = json!("x".repeat(7 * 1024 * 1024));
    let reply = api.put("big", "big2", Pre::Create, &body).await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_exactly_once() {
    let api = std::sync::Arc::new(api().await);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            // 12 distinct pages, plus 12 racing creates of one page with distinct keys.
            let slug = if i % 2 == 0 {
                format!("page-{i}")
            } else {
                "contested".to_owned()
            };
            api.put(&slug, &format!("key-{i}"), Pre::Create, &page(&slug, "T"))
                .await
                .status
        }));
    }
    let mut created = 0;
    let mut conflicts = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::CREATED => created += 1,
            StatusCode::PRECONDITION_FAILED => conflicts += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((created, conflicts), (13, 11));
    let stats = api.server.stats();
    assert_eq!(stats.creates, 13);
    assert!(stats.by_slug_writes.values().all(|&n| n == 1));
    assert_eq!(api.server.pages().len(), 13);
}
