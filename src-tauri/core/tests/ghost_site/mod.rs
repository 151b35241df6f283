//! A real Ghost (5.130.6 from the npm registry, SQLite) on 127.0.0.1 for the Ghost target's
//! tests, brought up by `.ci/ghost` once per test binary and shared by its tests, which take
//! turns ([`Ghost::turn`]) and each start from a site without posts. Ghost stops, and its
//! folder goes, when the test binary exits (`.ci/ghost start` watches the binary's process).
#![allow(dead_code)]

pub mod desk;
#[path = "../support/fault_proxy.rs"]
pub mod proxy;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use serde_json::{json, Value};
use verdict_core::publish::RunOptions;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub struct Ghost {
    pub url: String,
    pub port: u16,
    /// The Admin API key (`id:secret`) of the site's "Verdict Desk" integration.
    pub key: String,
    pub email: String,
    pub password: String,
    pub dir: PathBuf,
    client: reqwest::Client,
}

static GHOST: OnceLock<Ghost> = OnceLock::new();
static TURN: Mutex<()> = Mutex::new(());

/// The binary's Ghost, started on first use.
pub fn ghost() -> &'static Ghost {
    GHOST.get_or_init(Ghost::start)
}

impl Ghost {
    fn start() -> Ghost {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::Builder::new()
            .prefix("verdict-ghost-")
            .tempdir()
            .unwrap()
            .keep();
        let out = Command::new(verdict_testkit::program("bash"))
            .arg(repo_root().join(".ci/ghost"))
            .arg("start")
            .arg(&dir)
            .arg(port.to_string())
            // Stop Ghost and remove its folder when this test binary exits.
            .env("VERDICT_GHOST_OWNER", std::process::id().to_string())
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "`.ci/ghost start` failed (it installs Ghost 5.130.6 with npm on first use; \
             .ci/setup does that ahead):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let env = std::fs::read_to_string(dir.join("env")).unwrap();
        let value = |name: &str| {
            env.lines()
                .find_map(|l| l.strip_prefix(&format!("{name}=")))
                .unwrap_or_else(|| panic!("{name} in {env}"))
                .to_string()
        };
        Ghost {
            url: value("GHOST_URL"),
            port,
            key: value("GHOST_ADMIN_KEY"),
            email: value("GHOST_EMAIL"),
            password: value("GHOST_PASSWORD"),
            dir,
            // Ghost keeps a staff session to the browser that made it: one that names itself.
            client: reqwest::Client::builder()
                .user_agent("verdict-desk-tests")
                // Each test has a runtime of its own: no connection outlives the request.
                .pool_max_idle_per_host(0)
                .build()
                .unwrap(),
        }
    }

    /// This test's turn with the site, which it gets without posts.
    pub fn turn(&self, rt: &tokio::runtime::Runtime) -> MutexGuard<'static, ()> {
        let turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
        rt.block_on(async {
            for post in self.posts().await {
                let id = post["id"].as_str().unwrap();
                let (status, _) = self.admin("DELETE", &format!("posts/{id}/"), None).await;
                assert_eq!(status, 204, "deleting post {id}");
            }
        });
        turn
    }

    /// A request to the Admin API with the integration's key: status and JSON body.
    pub async fn admin(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let token = verdict_core::publish::ghost::admin_token(&self.key).unwrap();
        let mut request = self
            .client
            .request(
                method.parse().unwrap(),
                format!("{}ghost/api/admin/{path}", self.url),
            )
            .header("Authorization", format!("Ghost {token}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Every post (all statuses), with tags and HTML.
    pub async fn posts(&self) -> Vec<Value> {
        let (status, body) = self
            .admin(
                "GET",
                "posts/?limit=all&formats=html&include=tags&filter=status:[draft,published,scheduled,sent]",
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["posts"].as_array().cloned().unwrap_or_default()
    }

    /// A post by id (with tags, HTML and Ghost's editor document), or `None` when it is gone.
    pub async fn post(&self, id: &str) -> Option<Value> {
        let (status, body) = self
            .admin(
                "GET",
                &format!("posts/{id}/?formats=html,lexical&include=tags"),
                None,
            )
            .await;
        match status {
            200 => Some(body["posts"][0].clone()),
            404 => None,
            other => panic!("post {id}: {other} {body}"),
        }
    }

    /// An edit made in Ghost's editor: the title, with the post's current `updated_at`.
    pub async fn edit_title(&self, id: &str, title: &str) {
        let post = self.post(id).await.expect("the post is there");
        let (status, body) = self
            .admin(
                "PUT",
                &format!("posts/{id}/"),
                Some(json!({ "posts": [{ "title": title, "updated_at": post["updated_at"] }] })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// A page of the site as a reader gets it.
    pub async fn public(&self, url: &str) -> (u16, String) {
        let response = self.client.get(url).send().await.unwrap();
        (
            response.status().as_u16(),
            response.text().await.unwrap_or_default(),
        )
    }

    /// A signed-in staff session's cookie (integrations are managed by staff, not by keys).
    async fn staff_cookie(&self) -> String {
        let response = self
            .client
            .post(format!("{}ghost/api/admin/session/", self.url))
            .header("Origin", self.url.trim_end_matches('/'))
            .json(&json!({ "username": self.email, "password": self.password }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn staff(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let cookie = self.staff_cookie().await;
        let mut answer = (0, Value::Null);
        // A session made a moment ago is now and then not found yet (403): asked again.
        for _ in 0..20 {
            let mut request = self
                .client
                .request(
                    method.parse().unwrap(),
                    format!("{}ghost/api/admin/{path}", self.url),
                )
                .header("Origin", self.url.trim_end_matches('/'))
                .header("Cookie", &cookie);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            answer = (status, serde_json::from_str(&text).unwrap_or(Value::Null));
            if status != 403 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        answer
    }

    /// A new custom integration: its id and its Admin API key.
    pub async fn new_integration(&self, name: &str) -> (String, String) {
        let (status, body) = self
            .staff(
                "POST",
                "integrations/?include=api_keys",
                Some(json!({ "integrations": [{ "name": name }] })),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let integration = &body["integrations"][0];
        let key = integration["api_keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["type"] == "admin")
            .unwrap();
        let secret = key["secret"].as_str().unwrap();
        let key = if secret.contains(':') {
            secret.to_string()
        } else {
            format!("{}:{secret}", key["id"].as_str().unwrap())
        };
        (integration["id"].as_str().unwrap().to_string(), key)
    }

    /// Deletes an integration, which revokes its keys.
    pub async fn delete_integration(&self, id: &str) {
        let (status, body) = self
            .staff("DELETE", &format!("integrations/{id}/"), None)
            .await;
        assert_eq!(status, 204, "{body}");
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub fn options(target: &str) -> RunOptions {
    RunOptions {
        concurrency: 2,
        max_attempts: 8,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(400),
        request_timeout: Duration::from_secs(20),
        target: Some(target.into()),
        ..RunOptions::default()
    }
}

/// With VERDICT_GHOST_SCREENSHOT=PATH, a picture of `url` as a reader's browser shows it
/// (headless Chromium), for the README: the sample page as Ghost shows it.
pub fn screenshot_if_asked(url: &str) {
    let Some(path) = std::env::var_os("VERDICT_GHOST_SCREENSHOT") else {
        return;
    };
    let path = std::path::absolute(PathBuf::from(path)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(verdict_testkit::program("chromium"))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
            "--window-size=1200,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", path.display()))
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium starts");
    assert!(
        status.success() && path.exists(),
        "chromium's screenshot of {url}"
    );
}

/// Another page on the sample desk: the sample's first tool against a new tool (a pair of
/// tools gets one page), saved with `status` as it is (the workflow is not what is tested).
pub fn another_page(
    desk: &verdict_core::Desk,
    slug: &str,
    title: &str,
    status: verdict_core::model::ComparisonStatus,
) -> verdict_core::model::Comparison {
    let sample = desk.store().comparisons().unwrap().remove(0);
    let mut tool = desk.tool(&sample.tools[1]).unwrap();
    tool.slug = format!("{slug}-tool");
    tool.name = format!("Tool of {title}");
    desk.create_tool("editor", &tool).unwrap();
    let mut page = sample.clone();
    page.slug = slug.into();
    page.title = title.into();
    page.tools = vec![sample.tools[0].clone(), tool.slug];
    page.status = status;
    if status != verdict_core::model::ComparisonStatus::Published {
        page.published_at = None;
    }
    page.scheduled_for = None;
    desk.store()
        .save_comparison(&verdict_core::store::SaveCtx::unattributed(), &page)
        .unwrap();
    page
}
