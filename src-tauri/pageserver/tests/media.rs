//! The `media` feature: image files stored once by address (the SHA-256 of the image's
//! original and the file's name), checked as far as the server can, served to readers.

use reqwest::{Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use verdict_pageserver::{start, Config, FaultKind, Faults, MEDIA_LIMIT};

const TOKEN: &str = "media-token";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nthe pixels";
const WEBP: &[u8] = b"RIFF\x10\0\0\0WEBPVP8L smaller";

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn put(
    client: &Client,
    base: &str,
    path: &str,
    mime: &str,
    body: &[u8],
    create_only: bool,
) -> (StatusCode, Value) {
    let mut request = client
        .put(format!("{base}media/{path}"))
        .bearer_auth(TOKEN)
        .header("Content-Type", mime)
        .body(body.to_vec());
    if create_only {
        request = request.header("If-None-Match", "*");
    }
    let reply = request.send().await.unwrap();
    let status = reply.status();
    (status, reply.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_file_is_stored_once_by_its_address_and_served_to_readers() {
    let server = start(Config::new(TOKEN)).await.unwrap();
    let client = Client::new();
    let base = server.url();
    let hash = sha(PNG);
    let original = format!("{hash}/original.png");

    let (status, made) = put(&client, &base, &original, "image/png", PNG, true).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["hash"], hash.as_str());
    assert_eq!(made["name"], "original.png");
    assert_eq!(made["type"], "image/png");
    assert_eq!(made["bytes"], PNG.len());
    assert_eq!(made["sha256"], hash.as_str());
    // Beside the public pages' folder: where a page's ../../media/… leads from /p/{slug}/.
    let url = format!("{base}media/{original}");
    assert_eq!(made["url"], url.as_str());
    assert_eq!(server.media_url(&hash, "original.png"), url);

    // Create-only again: 412 with what is there, nothing written.
    let (status, again) = put(&client, &base, &original, "image/png", PNG, true).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{again}");
    assert_eq!(again["error"], "precondition_failed");
    assert_eq!(again["current"]["sha256"], hash.as_str());
    // Without the precondition, the same bytes are no new write either.
    let (status, _) = put(&client, &base, &original, "image/png", PNG, false).await;
    assert_eq!(status, StatusCode::OK);

    // A size made from the original: only its type can be checked.
    let variant = format!("{hash}/640w.webp");
    let (status, _) = put(&client, &base, &variant, "image/webp", WEBP, true).await;
    assert_eq!(status, StatusCode::CREATED);
    let stats = server.stats();
    assert_eq!(stats.media_writes, 2);
    assert_eq!(stats.by_media_writes[&original], 1);
    assert_eq!(server.media().len(), 2);

    // Readers need no token; a browser is told not to guess the type.
    let served = client.get(&url).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
    // Storing one takes the token.
    let anonymous = client
        .put(format!("{base}media/{variant}"))
        .header("Content-Type", "image/webp")
        .body(WEBP.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    server.stop().await;
}

#[tokio::test]
async fn what_the_server_can_check_it_refuses_plainly_and_stores_nothing() {
    let server = start(Config::new(TOKEN)).await.unwrap();
    let client = Client::new();
    let base = server.url();
    let hash = sha(PNG);
    let other = sha(b"another image");
    let cases: Vec<(String, &str, Vec<u8>, StatusCode, &str)> = vec![
        // The original must hash to its address.
        (
            format!("{other}/original.png"),
            "image/png",
            PNG.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "SHA-256",
        ),
        // The body must be the type its name says.
        (
            format!("{hash}/640w.webp"),
            "image/webp",
            b"<html><script>alert(1)</script>".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a image/webp",
        ),
        (
            format!("{hash}/logo.svg"),
            "image/svg+xml",
            b"<?xml version=\"1.0\"?><html/>".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a image/svg+xml",
        ),
        (
            format!("{hash}/640w.webp"),
            "image/png",
            WEBP.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type: image/webp",
        ),
        (
            format!("{}/original.png", &hash[..40]),
            "image/png",
            PNG.to_vec(),
            StatusCode::BAD_REQUEST,
            "SHA-256",
        ),
        (
            format!("{hash}/../secret.png"),
            "image/png",
            PNG.to_vec(),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            format!("{hash}/page.html"),
            "text/html",
            b"<html>".to_vec(),
            StatusCode::BAD_REQUEST,
            "not a media file name",
        ),
        (
            format!("{hash}/huge.png"),
            "image/png",
            [PNG, &vec![0u8; MEDIA_LIMIT]].concat(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "at most",
        ),
    ];
    for (path, mime, body, status, says) in cases {
        let (got, reply) = put(&client, &base, &path, mime, &body, true).await;
        assert_eq!(got, status, "{path}: {reply}");
        let message = reply["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{path}: {message}");
    }
    assert!(server.media().is_empty());
    assert_eq!(server.stats().media_writes, 0);

    // An SVG is served so that nothing in it runs on this origin.
    let svg = b"<?xml version=\"1.0\"?>\n<!-- logo --><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let path = format!("{}/original.svg", sha(svg));
    let (status, made) = put(&client, &base, &path, "image/svg+xml", svg, true).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let served = client
        .get(format!("{base}media/{path}"))
        .send()
        .await
        .unwrap();
    let csp = served.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    server.stop().await;
}

#[tokio::test]
async fn under_faults_a_client_that_retries_create_only_writes_each_file_once() {
    let mut config = Config::new(TOKEN);
    config.faults = Faults::new(
        0.3,
        11,
        vec![
            FaultKind::ServerError,
            FaultKind::ServerErrorAfterWrite,
            FaultKind::Reset,
            FaultKind::ResetAfterWrite,
        ],
    );
    let server = start(config).await.unwrap();
    let client = Client::new();
    let base = server.url();
    let bodies: Vec<Vec<u8>> = (0..40)
        .map(|i| [PNG, format!("image {i}").as_bytes()].concat())
        .collect();
    for body in &bodies {
        let path = format!("{}/original.png", sha(body));
        loop {
            let sent = client
                .put(format!("{base}media/{path}"))
                .bearer_auth(TOKEN)
                .header("Content-Type", "image/png")
                .header("If-None-Match", "*")
                .body(body.clone())
                .send()
                .await;
            match sent.map(|r| r.status()) {
                Ok(StatusCode::CREATED | StatusCode::PRECONDITION_FAILED) => break,
                _ => continue,
            }
        }
    }
    let stats = server.stats();
    assert!(stats.faults > 5, "faults were injected: {}", stats.faults);
    assert_eq!(stats.by_media_writes.len(), 40);
    assert!(stats.by_media_writes.values().all(|&n| n == 1), "{stats:?}");
    server.stop().await;
}

#[tokio::test]
async fn without_the_feature_the_media_routes_are_unknown() {
    let mut config = Config::new(TOKEN);
    config.features = vec![verdict_pageserver::Feature::ShareCard];
    let server = start(config).await.unwrap();
    let client = Client::new();
    let base = server.url();
    let path = format!("{}/original.png", sha(PNG));
    let (status, reply) = put(&client, &base, &path, "image/png", PNG, true).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(reply["error"], "not_found");
    let served = client
        .get(format!("{base}media/{path}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        served.status(),
        StatusCode::UNAUTHORIZED,
        "not a public path here"
    );
    assert!(server.media().is_empty());
    server.stop().await;
}
