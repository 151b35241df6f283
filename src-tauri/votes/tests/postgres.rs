//! Two services behind one "load balancer" sharing one real PostgreSQL database (a private
//! cluster, verdict-testkit): a page sent to one takes votes at the other, a reader is one
//! reader at both (cookie from one, vote changed at the other), the tallies agree, concurrent
//! votes at both are all counted once, and a restart keeps everything.

mod support;

use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

use support::{client, cookie_of, form, post, put_pages, spawn, tallies, Post};

const PAGE_URL: &str = "https://example.com/compare/a-vs-b/";

#[tokio::test(flavor = "multi_thread")]
async fn two_services_share_one_postgres_database() {
    let cluster = tokio::task::spawn_blocking(PgCluster::start).await.unwrap();
    cluster.create_database("votes");
    let url = format!(
        "postgres://{SUPERUSER}:{SUPERUSER_PASSWORD}@127.0.0.1:{}/votes",
        cluster.port()
    );
    let env = [
        ("VERDICT_VOTES_DATABASE", ""),
        ("VERDICT_VOTES_POSTGRES_URL", url.as_str()),
        ("VERDICT_VOTES_TRUSTED_PROXIES", "127.0.0.1"),
        ("VERDICT_VOTES_RATE_LIMIT_PER_MINUTE", "10000"),
    ];
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = spawn(dir_a.path(), &env);
    let b = spawn(dir_b.path(), &env);
    let c = client();

    // The desk talks to one of them; the other takes votes for the page all the same.
    put_pages(&c, &a.url, &[("a-vs-b", &["alpha", "beta"], PAGE_URL)]).await;
    let r = post(&c, &b.url, "a-vs-b", form("alpha"), Post::default()).await;
    assert_eq!(r.status(), 303, "a page sent to A takes votes at B");
    let cookie = cookie_of(&r);
    // The same reader at A: the vote changes, it is not added.
    let how = Post {
        cookie: Some(&cookie),
        json: true,
        forwarded_for: Some("192.0.2.77".into()),
    };
    let r = post(&c, &a.url, "a-vs-b", form("beta"), how).await;
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["counted"], "changed", "B's cookie is known at A");
    let expected = [(("a-vs-b".to_string(), "beta".to_string()), 1)].into();
    assert_eq!(tallies(&c, &a.url).await, expected);
    assert_eq!(tallies(&c, &b.url).await, expected);

    // Many readers at both at once: every answered vote counted, once.
    let mut tasks = Vec::new();
    for i in 0..200u32 {
        let (c, url) = (
            c.clone(),
            if i % 2 == 0 {
                a.url.clone()
            } else {
                b.url.clone()
            },
        );
        tasks.push(tokio::spawn(async move {
            let how = Post {
                cookie: None,
                json: true,
                forwarded_for: Some(format!("10.9.{}.{}", i / 256, i % 256)),
            };
            let tool = if i % 4 == 0 { "alpha" } else { "beta" };
            post(&c, &url, "a-vs-b", form(tool), how).await.status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let counted = tallies(&c, &b.url).await;
    let sum: u64 = counted.values().sum();
    assert_eq!(sum, 201);
    assert_eq!(counted[&("a-vs-b".to_string(), "alpha".to_string())], 50);

    // Restart both: the database keeps votes, pages and the cookies' key.
    a.term();
    assert!(a.wait().success());
    b.kill();
    let a = spawn(dir_a.path(), &env);
    assert_eq!(tallies(&c, &a.url).await, counted);
    let how = Post {
        cookie: Some(&cookie),
        json: true,
        forwarded_for: Some("192.0.2.78".into()),
    };
    let r = post(&c, &a.url, "a-vs-b", form("beta"), how).await;
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["counted"], "unchanged");
}
