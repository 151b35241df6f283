//! A real WordPress for the tests (Debian's packages, PHP's built-in server, a private
//! MariaDB) on 127.0.0.1, brought up by `.ci/wordpress` in a state folder of its own, shared
//! by the WordPress test binaries (each uses part of it).
#![allow(dead_code)]

#[path = "../support/fault_proxy.rs"]
pub mod proxy;
pub mod two_pages;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use verdict_core::publish::RunOptions;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A WordPress site of this test's own; stopped (and its files removed) when dropped.
pub struct Site {
    pub state: tempfile::TempDir,
    pub port: u16,
    pub url: String,
    pub user: String,
    pub password: String,
    /// One site at a time: MariaDB's install step failed now and then with three running at
    /// once on two cores.
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
}

static ONE_SITE: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Site {
    pub fn script(&self, action: &str) -> std::process::Output {
        Command::new(verdict_testkit::program("bash"))
            .arg(repo_root().join(".ci/wordpress"))
            .arg(action)
            .env("VERDICT_WP_STATE", self.state.path())
            .env("VERDICT_WP_PORT", self.port.to_string())
            .output()
            .expect("bash runs")
    }

    pub fn start() -> Site {
        let one_at_a_time = ONE_SITE.lock().unwrap_or_else(|p| p.into_inner());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut site = Site {
            state: tempfile::tempdir().unwrap(),
            port,
            url: String::new(),
            user: String::new(),
            password: String::new(),
            _one_at_a_time: one_at_a_time,
        };
        let out = site.script("start");
        assert!(
            out.status.success(),
            "`.ci/wordpress start` failed (it needs Debian's wordpress, mariadb-server, php-cli \
             and php-mysql, which it installs as root):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let env = std::fs::read_to_string(site.state.path().join("env")).unwrap();
        for line in env.lines() {
            match line.split_once('=') {
                Some(("WP_URL", v)) => site.url = v.to_string(),
                Some(("WP_USER", v)) => site.user = v.to_string(),
                Some(("WP_APP_PASSWORD", v)) => site.password = v.to_string(),
                _ => {}
            }
        }
        assert!(!site.password.is_empty(), "env file: {env}");
        site
    }

    pub async fn post(&self, id: &str) -> serde_json::Value {
        reqwest::Client::new()
            .get(format!("{}wp-json/wp/v2/posts/{id}?context=edit", self.url))
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A media item, or `None` when WordPress has no such item.
    pub async fn media(&self, id: u64) -> Option<serde_json::Value> {
        let response = reqwest::Client::new()
            .get(format!("{}wp-json/wp/v2/media/{id}?context=edit", self.url))
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .unwrap();
        match response.status().as_u16() {
            200 => Some(response.json().await.unwrap()),
            404 => None,
            status => panic!("media {id}: {status}"),
        }
    }

    /// Every item in the media library (at most 100: a test makes fewer).
    pub async fn media_items(&self) -> Vec<serde_json::Value> {
        let response = reqwest::Client::new()
            .get(format!(
                "{}wp-json/wp/v2/media?per_page=100&context=edit",
                self.url
            ))
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn edit_title(&self, id: &str, title: &str) {
        let status = reqwest::Client::new()
            .post(format!("{}wp-json/wp/v2/posts/{id}", self.url))
            .basic_auth(&self.user, Some(&self.password))
            .json(&serde_json::json!({ "title": title }))
            .send()
            .await
            .unwrap()
            .status();
        assert!(status.is_success(), "{status}");
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let out = self.script("stop");
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

pub fn options() -> RunOptions {
    RunOptions {
        concurrency: 2,
        max_attempts: 4,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(500),
        request_timeout: Duration::from_secs(20),
        target: Some("wp".into()),
        ..RunOptions::default()
    }
}
