//! Fault injection of the reference server (a test feature on top of the API), and the
//! share card it stores beside a page, over real HTTP.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use verdict_pageserver::{Config, FaultKind, Faults};

mod client;
use client::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_server_error_before_write() {
    let mut config = Config::new(TOKEN);
    config.faults = Faults::always(FaultKind::ServerError);
    let api = api_with(config).await;
    let body = page("f", "F");
    let reply = api.put("f", "k", Pre::Create, &body).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.error(), "internal");
    assert!(api.server.page("f").is_none());
    // Reads are not faulted unless asked for.
    assert_eq!(api.get("").await.status, StatusCode::OK);

    // The key was not remembered: the retry is processed fresh.
    api.server.set_faults(Faults::none());
    let retry = api.put("f", "k", Pre::Create, &body).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert!(!retry.replayed());
    let stats = api.server.stats();
    assert_eq!((stats.faults, stats.creates, stats.replays), (1, 1, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_server_error_after_write_is_a_lost_response() {
    let mut config = Config::new(TOKEN);
    config.faults = Faults::always(FaultKind::ServerErrorAfterWrite);
    let api = api_with(config).await;
    let body = page("lost", "Lost");
    let reply = api.put("lost", "k", Pre::Create, &body).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.error(), "internal");
    let stored = api.server.page("lost").expect("the write happened");

    api.server.set_faults(Faults::none());
    let replay = api.put("lost", "k", Pre::Create, &body).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert!(replay.replayed());
    assert_eq!(replay.etag().as_deref(), Some(stored.etag.as_str()));
    assert_eq!(replay.json()["content_hash"], body["content_hash"]);

    // A retry with a fresh key instead gets 412 whose current has our content hash.
    let fresh = api.put("lost", "k2", Pre::Create, &body).await;
    assert_eq!(fresh.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        fresh.json()["current"]["content_hash"],
        body["content_hash"]
    );
    let stats = api.server.stats();
    assert_eq!((stats.creates, stats.replays, stats.faults), (1, 1, 1));
    assert_eq!(stats.by_slug_writes["lost"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_reset_before_and_after_write() {
    let mut config = Config::new(TOKEN);
    config.faults = Faults::always(FaultKind::Reset);
    let api = api_with(config).await;
    let body = page("r", "R");
    let err = api
        .send(api.put_req("r", "k", Pre::Create, &body))
        .await
        .err()
        .expect("connection error");
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    assert!(api.server.page("r").is_none());

    api.server
        .set_faults(Faults::always(FaultKind::ResetAfterWrite));
    let err = api
        .send(api.put_req("r", "k", Pre::Create, &body))
        .await
        .err()
        .expect("connection error");
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    assert!(api.server.page("r").is_some(), "written before the reset");

    api.server.set_faults(Faults::none());
    let replay = api.put("r", "k", Pre::Create, &body).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert!(replay.replayed());
    assert_eq!(api.server.stats().creates, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_slow_and_hang() {
    let mut config = Config::new(TOKEN);
    config.faults = Faults::always(FaultKind::Slow { ms: 120 });
    let api = api_with(config).await;
    let t = Instant::now();
    let slow = api.put("s", "k1", Pre::Create, &page("s", "S")).await;
    assert_eq!(slow.status, StatusCode::CREATED);
    assert!(t.elapsed() >= Duration::from_millis(120));

    api.server
        .set_faults(Faults::always(FaultKind::Hang { ms: 400 }));
    let t = Instant::now();
    let err = api
        .send(
            api.put_req("h", "k2", Pre::Create, &page("h", "H"))
                .timeout(Duration::from_millis(150)),
        )
        .await
        .err()
        .expect("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert!(t.elapsed() < Duration::from_millis(390));
    // Without a client timeout the connection is closed after the hang, unanswered.
    let err = api
        .send(api.put_req("h", "k3", Pre::Create, &page("h", "H")))
        .await
        .err()
        .expect("closed");
    assert!(!err.is_timeout() && !err.is_status(), "{err:?}");
    assert!(t.elapsed() >= Duration::from_millis(400));
    assert!(api.server.page("h").is_none());

    // Reads can be faulted on request.
    api.server.set_faults(Faults {
        apply_to_reads: true,
        ..Faults::always(FaultKind::ServerError)
    });
    assert_eq!(api.get("").await.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.server.stats().faults, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_fault_mix_is_reproducible() {
    async fn run() -> Vec<u16> {
        let mut config = Config::new(TOKEN);
        config.faults = Faults::new(
            0.5,
            99,
            vec![FaultKind::ServerError, FaultKind::ServerErrorAfterWrite],
        );
        let api = api_with(config).await;
        let mut statuses = Vec::new();
        for i in 0..20 {
            let slug = format!("p-{i}");
            let r = api.put(&slug, &slug, Pre::Create, &page(&slug, "T")).await;
            statuses.push(r.status.as_u16());
        }
        statuses
    }
    let a = run().await;
    assert_eq!(a, run().await);
    assert!(a.contains(&201) && a.contains(&500), "{a:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_card_is_stored_named_by_the_page_and_served_beside_it() {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really pixels, but a PNG by its signature";
    let api = api().await;
    let card = |slug: &str, key: &str, kind: &str, hash: Option<&str>, body: &[u8]| {
        let mut req = api
            .client
            .put(api.url(&format!("pages/{slug}/share-card")))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", key)
            .header("Content-Type", kind)
            .body(body.to_vec());
        if let Some(hash) = hash {
            req = req.header("Content-Hash", hash);
        }
        req
    };

    // No page, no card.
    let orphan = api
        .send(card("later", "k0", "image/png", Some("sha256:a"), PNG))
        .await
        .unwrap();
    assert_eq!(orphan.status, StatusCode::NOT_FOUND);

    let created = api
        .put("later", "c", Pre::Create, &page("later", "Later"))
        .await;
    assert_eq!(created.json()["share_card"], Value::Null);
    let etag = created.etag().unwrap();

    // Refused, and nothing stored: not a PNG, another type, no hash.
    let not_png = api
        .send(card(
            "later",
            "k1",
            "image/png",
            Some("sha256:a"),
            b"GIF89a",
        ))
        .await
        .unwrap();
    assert_eq!(not_png.status, StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_type = api
        .send(card("later", "k2", "image/jpeg", Some("sha256:a"), PNG))
        .await
        .unwrap();
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let no_hash = api
        .send(card("later", "k3", "image/png", None, PNG))
        .await
        .unwrap();
    assert_eq!(no_hash.status, StatusCode::BAD_REQUEST);
    assert!(api.server.page("later").unwrap().share_card.is_none());

    let stored = api
        .send(card("later", "k4", "image/png", Some("sha256:a"), PNG))
        .await
        .unwrap();
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(stored.json()["bytes"], PNG.len());
    let replay = api
        .send(card("later", "k4", "image/png", Some("sha256:a"), PNG))
        .await
        .unwrap();
    assert!(replay.replayed());
    assert_eq!(api.server.stats().cards, 1);

    // The page resource names it; an update keeps it; readers get it beside the page.
    let resource = api.get("pages/later").await.json();
    assert_eq!(resource["share_card"]["content_hash"], "sha256:a");
    let public_url = resource["share_card"]["url"].as_str().unwrap().to_owned();
    assert!(public_url.ends_with("/p/later/share.png"), "{public_url}");
    let updated = api
        .put(
            "later",
            "u",
            Pre::Update(&etag),
            &page("later", "Later, again"),
        )
        .await;
    assert_eq!(updated.json()["share_card"]["content_hash"], "sha256:a");
    let public = api.send(api.client.get(&public_url)).await.unwrap();
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.headers["content-type"], "image/png");
    assert_eq!(public.raw, PNG);
    let private = api.get("pages/later/share-card").await;
    assert_eq!(private.raw, PNG);

    // Deleting the page deletes its card.
    let etag = updated.etag().unwrap();
    assert_eq!(
        api.delete("later", "d", Some(&etag)).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = api.send(api.client.get(&public_url)).await.unwrap();
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}
