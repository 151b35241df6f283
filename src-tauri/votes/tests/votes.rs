//! The vote service as readers meet it: the real binary, real form posts over a socket.

mod support;

use support::{client, cookie_of, form, post, put_pages, spawn, tallies, Post, TOKEN};

const PAGE_URL: &str = "https://example.com/compare/a-vs-b/";

fn key(page: &str, tool: &str) -> (String, String) {
    (page.to_string(), tool.to_string())
}

#[tokio::test]
async fn a_form_vote_redirects_to_the_thanks_and_a_second_vote_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(dir.path(), &[]);
    let (c, url) = (client(), service.url.clone());
    put_pages(&c, &url, &[("a-vs-b", &["alpha", "beta"], PAGE_URL)]).await;
    assert!(tallies(&c, &url).await.is_empty());

    let r = post(&c, &url, "a-vs-b", form("alpha"), Post::default()).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "https://example.com/compare/a-vs-b/#community-voted"
    );
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let cookie = cookie_of(&r);
    assert_eq!(
        tallies(&c, &url).await,
        [(key("a-vs-b", "alpha"), 1)].into()
    );

    // The same reader again: the vote moves, it is not added.
    let how = Post {
        cookie: Some(&cookie),
        json: true,
        ..Post::default()
    };
    let r = post(&c, &url, "a-vs-b", form("beta"), how.clone()).await;
    assert_eq!(r.status(), 200);
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["counted"], "changed");
    let r = post(&c, &url, "a-vs-b", form("beta"), how).await;
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["counted"], "unchanged");
    assert_eq!(tallies(&c, &url).await, [(key("a-vs-b", "beta"), 1)].into());

    // Without the cookie (cleared), the same address today is the same reader: it changes.
    let r = post(&c, &url, "a-vs-b", form("alpha"), Post::default()).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        cookie_of(&r),
        cookie,
        "the reader gets their own cookie back"
    );
    assert_eq!(
        tallies(&c, &url).await,
        [(key("a-vs-b", "alpha"), 1)].into()
    );

    // A made-up cookie is no one's: it counts as none (same address: same reader).
    let forged = format!("verdict_voter={}.{}", "a".repeat(32), "b".repeat(32));
    let how = Post {
        cookie: Some(&forged),
        ..Post::default()
    };
    post(&c, &url, "a-vs-b", form("beta"), how).await;
    assert_eq!(tallies(&c, &url).await, [(key("a-vs-b", "beta"), 1)].into());

    // Every listed tool is in the tallies, the ones without votes as 0.
    let all: serde_json::Value = c
        .get(format!("{url}votes"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        all["votes"],
        serde_json::json!([
            {"comparison": "a-vs-b", "tool": "alpha", "votes": 0},
            {"comparison": "a-vs-b", "tool": "beta", "votes": 1},
        ])
    );
}

#[tokio::test]
async fn refusals_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(dir.path(), &[]);
    let (c, url) = (client(), service.url.clone());
    put_pages(&c, &url, &[("a-vs-b", &["alpha", "beta"], PAGE_URL)]).await;
    let json = Post {
        json: true,
        ..Post::default()
    };
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("no-such-page", form("alpha"), 404, "no page"),
        ("a-vs-b", form("gamma"), 404, "tool"),
        (
            "a-vs-b",
            "tool=alpha&website=http%3A%2F%2Fspam.example".into(),
            400,
            "website",
        ),
        ("a-vs-b", "tool=alpha&tool=beta".into(), 400, "tool"),
        ("a-vs-b", "vote=alpha".into(), 400, "unknown field"),
        ("a-vs-b", "tool=%FF".into(), 400, "UTF-8"),
        (
            "a-vs-b",
            format!("tool=alpha&website={}", "x".repeat(2000)),
            413,
            "larger",
        ),
        ("Not_A_Slug", form("alpha"), 400, "slug"),
    ];
    for (page, body, status, says) in cases {
        let r = post(&c, &url, page, body.clone(), json.clone()).await;
        assert_eq!(r.status(), status, "{page} {body:.60}");
        let answer: serde_json::Value = r.json().await.unwrap();
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(says), "{message}");
    }
    // A browser gets a page that says why, not JSON.
    let r = post(&c, &url, "a-vs-b", form("gamma"), Post::default()).await;
    assert_eq!(r.status(), 404);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.headers().get("set-cookie").is_none());
    // Not a form.
    let r = c
        .post(format!("{url}v/a-vs-b"))
        .header("content-type", "application/json")
        .body(r#"{"tool":"alpha"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = c.get(format!("{url}v/a-vs-b")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    // The desk's routes want the token.
    let r = c.get(format!("{url}votes")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .put(format!("{url}pages"))
        .bearer_auth("wrong-token-wrong-token-00")
        .body(r#"{"pages":[]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .put(format!("{url}pages"))
        .bearer_auth(TOKEN)
        .body(r#"{"pages":[{"slug":"ok","tools":["Bad Tool"]}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("pages[0].tools[0]"));
    assert!(tallies(&c, &url).await.is_empty(), "nothing was stored");
    let r = c.get(format!("{url}healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn an_address_is_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(dir.path(), &[("VERDICT_VOTES_RATE_LIMIT_PER_MINUTE", "4")]);
    let (c, url) = (client(), service.url.clone());
    put_pages(&c, &url, &[("a-vs-b", &["alpha", "beta"], PAGE_URL)]).await;
    let json = Post {
        json: true,
        ..Post::default()
    };
    for (i, tool) in ["alpha", "beta", "alpha", "beta"].iter().enumerate() {
        let r = post(&c, &url, "a-vs-b", form(tool), json.clone()).await;
        assert_eq!(r.status(), 200, "vote {i}");
    }
    let r = post(&c, &url, "a-vs-b", form("alpha"), json).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15).contains(&wait), "{wait}");
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["error"], "rate_limited");
    // The refused vote changed nothing: the reader's last vote (beta) stands.
    assert_eq!(tallies(&c, &url).await, [(key("a-vs-b", "beta"), 1)].into());
}

#[tokio::test]
async fn a_cap_of_readers_per_address_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(
        dir.path(),
        &[
            ("VERDICT_VOTES_RATE_LIMIT_PER_MINUTE", "100"),
            ("VERDICT_VOTES_MAX_VOTERS_PER_ADDRESS", "2"),
        ],
    );
    let (c, url) = (client(), service.url.clone());
    let pages: Vec<String> = (0..4).map(|i| format!("page-{i}")).collect();
    let listed: Vec<(&str, &[&str], &str)> = pages
        .iter()
        .map(|p| (p.as_str(), &["alpha", "beta"][..], PAGE_URL))
        .collect();
    put_pages(&c, &url, &listed).await;
    let mut cookies = Vec::new();
    for page in &pages[..3] {
        let r = post(&c, &url, page, form("alpha"), Post::default()).await;
        cookies.push(cookie_of(&r));
    }
    let mut statuses = Vec::new();
    for cookie in &cookies {
        let how = Post {
            cookie: Some(cookie),
            json: true,
            ..Post::default()
        };
        let r = post(&c, &url, "page-3", form("beta"), how).await;
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            let answer: serde_json::Value = r.json().await.unwrap();
            assert_eq!(answer["error"], "too_many_voters");
        }
    }
    assert_eq!(statuses, [200, 200, 429]);
    assert_eq!(
        tallies(&c, &url).await.get(&key("page-3", "beta")),
        Some(&2)
    );
}

#[tokio::test]
async fn a_body_that_never_arrives_is_refused_and_stores_nothing() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(dir.path(), &[]);
    let (c, url) = (client(), service.url.clone());
    put_pages(&c, &url, &[("a-vs-b", &["alpha", "beta"], PAGE_URL)]).await;
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = std::time::Instant::now();
    s.write_all(
        b"POST /v/a-vs-b HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\naccept: application/json\r\ncontent-length: 20\r\n\r\ntool=",
    )
    .await
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let waited = started.elapsed().as_secs_f64();
    assert!((9.0..20.0).contains(&waited), "{waited}");
    assert!(tallies(&c, &url).await.is_empty());
}

#[tokio::test]
async fn the_reader_goes_back_to_the_address_their_form_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let service = spawn(dir.path(), &[]);
    let (c, url) = (client(), service.url.clone());
    let mirror = "https://wp.example.org/a-vs-b/";
    let r = c
        .put(format!("{url}pages"))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"pages": [
            {"slug": "a-vs-b", "tools": ["alpha", "beta"], "url": PAGE_URL, "urls": [mirror]}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let vote = |origin: Option<&'static str>| {
        let mut r = c
            .post(format!("{url}v/a-vs-b"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form("alpha"));
        if let Some(o) = origin {
            r = r.header("origin", o);
        }
        r.send()
    };
    let r = vote(Some("https://wp.example.org")).await.unwrap();
    assert_eq!(
        r.headers()["location"],
        format!("{mirror}#community-voted").as_str()
    );
    let r = vote(Some("https://elsewhere.example")).await.unwrap();
    assert_eq!(
        r.headers()["location"],
        format!("{PAGE_URL}#community-voted").as_str()
    );
    let r = vote(None).await.unwrap();
    assert_eq!(
        r.headers()["location"],
        format!("{PAGE_URL}#community-voted").as_str()
    );
    // A page address that is not http(s) is refused by name.
    let r = c
        .put(format!("{url}pages"))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"pages": [
            {"slug": "a-vs-b", "tools": ["alpha"], "urls": ["javascript:alert(1)"]}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("pages[0].urls[0]"));
}
