//! Starting the real `verdict-votes` binary on a temporary database, and talking to it as a
//! reader's browser (form posts) and as the desk (token) do.
#![allow(dead_code)] // each test binary uses its own part of this

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

pub const TOKEN: &str = "votes-test-token-0123456789";

/// A running service process.
pub struct Service {
    child: Option<Child>,
    pub url: String,
    pub db: PathBuf,
}

/// Starts the binary on `dir/votes.sqlite3` with `env` over the test defaults.
pub fn spawn(dir: &Path, env: &[(&str, &str)]) -> Service {
    let db = dir.join("votes.sqlite3");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_verdict-votes"));
    cmd.env("VERDICT_VOTES_ADDR", "127.0.0.1:0")
        .env("VERDICT_VOTES_DATABASE", &db)
        .env("VERDICT_VOTES_TOKEN", TOKEN)
        .env("VERDICT_VOTES_COOKIE_SECURE", "false")
        .env("VERDICT_VOTES_LOG", "warn")
        .env_remove("VERDICT_VOTES_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start verdict-votes");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_string();
    Service {
        child: Some(child),
        url,
        db,
    }
}

impl Service {
    fn pid(&self) -> Pid {
        Pid::from_raw(self.child.as_ref().unwrap().id() as i32)
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(mut self) {
        let mut child = self.child.take().unwrap();
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Sends SIGTERM now; [`Service::wait`] for the exit.
    pub fn term(&self) {
        kill(self.pid(), Signal::SIGTERM).unwrap();
    }

    pub fn wait(mut self) -> ExitStatus {
        self.child.take().unwrap().wait().unwrap()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A client that shows redirects instead of following them, like a test of them must.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `PUT /pages` with `(slug, tools, url)`.
pub async fn put_pages(c: &reqwest::Client, url: &str, pages: &[(&str, &[&str], &str)]) {
    let pages: Vec<_> = pages
        .iter()
        .map(|(slug, tools, url)| serde_json::json!({"slug": slug, "tools": tools, "url": url}))
        .collect();
    let r = c
        .put(format!("{url}pages"))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({ "pages": pages }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

/// `GET /votes` as `(page, tool) -> votes`, zeros left out.
pub async fn tallies(c: &reqwest::Client, url: &str) -> BTreeMap<(String, String), u64> {
    let r = c
        .get(format!("{url}votes"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["as_of"].as_str().unwrap().ends_with('Z'));
    body["votes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["votes"].as_u64().unwrap() > 0)
        .map(|v| {
            (
                (
                    v["comparison"].as_str().unwrap().to_string(),
                    v["tool"].as_str().unwrap().to_string(),
                ),
                v["votes"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// What a browser sends: a form post, optionally with the voter cookie, a JSON `Accept`, or
/// (through a trusted proxy) an `X-Forwarded-For`.
#[derive(Default, Clone)]
pub struct Post<'a> {
    pub cookie: Option<&'a str>,
    pub json: bool,
    pub forwarded_for: Option<String>,
}

pub async fn post(
    c: &reqwest::Client,
    url: &str,
    page: &str,
    body: impl Into<reqwest::Body>,
    how: Post<'_>,
) -> reqwest::Response {
    let mut r = c
        .post(format!("{url}v/{page}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some(cookie) = how.cookie {
        r = r.header("cookie", cookie);
    }
    if how.json {
        r = r.header("accept", "application/json");
    }
    if let Some(a) = how.forwarded_for {
        r = r.header("x-forwarded-for", a);
    }
    r.send().await.unwrap()
}

/// The form body of a press on `tool`'s button (with the empty honeypot, as a browser sends).
pub fn form(tool: &str) -> String {
    format!("website=&tool={tool}")
}

/// The `name=value` pair of the answer's voter cookie.
pub fn cookie_of(r: &reqwest::Response) -> String {
    let set = r
        .headers()
        .get("set-cookie")
        .expect("a voter cookie")
        .to_str()
        .unwrap();
    set.split(';').next().unwrap().to_string()
}
