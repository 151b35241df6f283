//! The service description (`GET /`) lists the optional features the server offers, and a
//! server configured without them answers as one written to the first version of the document.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use verdict_pageserver::{start, Config, Feature, API_VERSION};

const TOKEN: &str = "features-token";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really an image";

async fn get(client: &Client, url: String) -> (StatusCode, Value) {
    let reply = client.get(url).bearer_auth(TOKEN).send().await.unwrap();
    let status = reply.status();
    (status, reply.json().await.unwrap_or(Value::Null))
}

async fn create(client: &Client, base: &str, slug: &str) -> Value {
    let reply = client
        .put(format!("{base}pages/{slug}"))
        .bearer_auth(TOKEN)
        .header("Idempotency-Key", format!("create-{slug}"))
        .header("If-None-Match", "*")
        .json(&json!({
            "slug": slug, "title": "T", "content_hash": "sha256:1",
            "page": {}, "html": "<!doctype html><title>T</title>",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::CREATED);
    reply.json().await.unwrap()
}

async fn put_card(client: &Client, base: &str, slug: &str) -> (StatusCode, Value) {
    let reply = client
        .put(format!("{base}pages/{slug}/share-card"))
        .bearer_auth(TOKEN)
        .header("Idempotency-Key", format!("card-{slug}"))
        .header("Content-Type", "image/png")
        .header("Content-Hash", "sha256:card")
        .body(PNG)
        .send()
        .await
        .unwrap();
    let status = reply.status();
    (status, reply.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_service_description_lists_the_features_offered() {
    let server = start(Config::new(TOKEN)).await.unwrap();
    let client = Client::new();
    let base = server.url();
    let (status, service) = get(&client, base.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(service["api"], "verdict-pages");
    assert_eq!(service["version"], API_VERSION);
    assert_eq!(service["features"], json!(["share-card", "media"]));
    assert_eq!(service["pages"], 0);

    let created = create(&client, &base, "a-vs-b").await;
    assert_eq!(
        created["share_card"],
        Value::Null,
        "null until a card is sent"
    );
    assert_eq!(put_card(&client, &base, "a-vs-b").await.0, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn without_features_the_server_answers_as_the_first_version_did() {
    let mut config = Config::new(TOKEN);
    config.features = Vec::new();
    let server = start(config).await.unwrap();
    let client = Client::new();
    let base = server.url();
    let (status, service) = get(&client, base.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(service["version"], 1);
    assert!(
        service.get("features").is_none(),
        "no features list at all: {service}"
    );

    let created = create(&client, &base, "a-vs-b").await;
    assert!(created.get("share_card").is_none(), "{created}");
    // The card's route is unknown: the API's 404 for an unknown path, nothing stored.
    let (status, body) = put_card(&client, &base, "a-vs-b").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
    assert!(server.page("a-vs-b").unwrap().share_card.is_none());
    assert_eq!(server.stats().cards, 0);
    let (status, _) = get(&client, format!("{base}pages/a-vs-b/share-card")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = get(&client, format!("{base}pages/a-vs-b")).await;
    assert!(page.get("share_card").is_none(), "{page}");
    server.stop().await;
}

#[test]
fn the_binary_takes_a_feature_list_or_none() {
    assert_eq!(
        verdict_pageserver::parse_features("share-card"),
        Ok(vec![Feature::ShareCard])
    );
    assert_eq!(verdict_pageserver::parse_features("none"), Ok(vec![]));
    assert!(verdict_pageserver::parse_features("teleport").is_err());
}
