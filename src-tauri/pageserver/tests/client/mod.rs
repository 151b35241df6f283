//! A client for the reference server in these tests: a started server, a request helper
//! per method, and replies read once.

#![allow(dead_code)]

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use verdict_pageserver::{start, Config, Running};

pub const TOKEN: &str = "test-token";

pub struct Api {
    pub server: Running,
    pub client: Client,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub raw: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.raw).unwrap_or(Value::Null)
    }

    pub fn etag(&self) -> Option<String> {
        self.headers
            .get("etag")
            .map(|v| v.to_str().unwrap().to_owned())
    }

    pub fn replayed(&self) -> bool {
        self.headers
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true")
    }

    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }
}

pub enum Pre<'a> {
    None,
    Create,
    Update(&'a str),
}

pub async fn api() -> Api {
    api_with(Config::new(TOKEN)).await
}

pub async fn api_with(config: Config) -> Api {
    let server = start(config).await.expect("server starts");
    let client = Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    Api { server, client }
}

pub fn page(slug: &str, title: &str) -> Value {
    json!({
        "slug": slug,
        "title": title,
        "content_hash": format!("sha256:{:064x}", title.len()),
        "page": { "title": title, "verdict": "it depends" },
        "html": format!("<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"),
    })
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path.trim_start_matches('/'))
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Result<Reply, reqwest::Error> {
        let resp = req.send().await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let raw = resp.bytes().await?.to_vec();
        Ok(Reply {
            status,
            headers,
            raw,
        })
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.url(path)).bearer_auth(TOKEN))
            .await
            .unwrap()
    }

    pub fn put_req(
        &self,
        slug: &str,
        key: &str,
        pre: Pre<'_>,
        body: &Value,
    ) -> reqwest::RequestBuilder {
        let mut req = self
            .client
            .put(self.url(&format!("pages/{slug}")))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", key)
            .json(body);
        match pre {
            Pre::None => {}
            Pre::Create => req = req.header("If-None-Match", "*"),
            Pre::Update(etag) => req = req.header("If-Match", etag),
        }
        req
    }

    pub async fn put(&self, slug: &str, key: &str, pre: Pre<'_>, body: &Value) -> Reply {
        self.send(self.put_req(slug, key, pre, body)).await.unwrap()
    }

    pub async fn delete(&self, slug: &str, key: &str, if_match: Option<&str>) -> Reply {
        let mut req = self
            .client
            .delete(self.url(&format!("pages/{slug}")))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", key);
        if let Some(etag) = if_match {
            req = req.header("If-Match", etag);
        }
        self.send(req).await.unwrap()
    }
}
