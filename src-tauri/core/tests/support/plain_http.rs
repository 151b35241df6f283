//! A tiny real HTTP/1.1 server for publishing tests: stores pages the way the page API does
//! (`PUT /pages/{slug}` answers 201 with the resource), and answers the other routes as a
//! test's [`Routes`] say, so a server that is not the reference one (older, behind a proxy,
//! at a wrong address) can be met over the network.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// How the server answers.
#[derive(Clone, Copy, Debug)]
pub struct Routes {
    /// `GET /`: `None` answers an HTML 404 (no service description), `Some(json)` a 200.
    pub service: Option<&'static str>,
    /// `PUT /pages/{slug}` stores the page (else an HTML 404, as at a wrong address).
    pub pages: bool,
}

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
}

pub struct PlainServer {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl PlainServer {
    pub fn start(routes: Routes) -> PlainServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || serve(stream, routes, &log));
            }
        });
        PlainServer { url, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests had this method and a path ending in `suffix`.
    pub fn count(&self, method: &str, suffix: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.method == method && s.path.ends_with(suffix))
            .count()
    }
}

/// One request per connection (answered with `Connection: close`), which every client handles.
fn serve(stream: TcpStream, routes: Routes, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    log.lock().unwrap().push(Seen {
        method: method.clone(),
        path: path.clone(),
    });
    let html_404 = (
        404,
        "text/html",
        "<html><body><h1>Not Found</h1></body></html>".to_string(),
        None,
    );
    let (status, kind, text, etag) = match (method.as_str(), path.as_str()) {
        ("GET", "/") => match routes.service {
            Some(json) => (200, "application/json", json.to_string(), None),
            None => html_404,
        },
        ("PUT", p) if routes.pages && p.starts_with("/pages/") && !p[7..].contains('/') => {
            let mut page: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let etag = format!("\"{}\"", page["content_hash"].as_str().unwrap_or("x").len());
            page["etag"] = etag.clone().into();
            page["url"] = format!("https://example.com/p/{}/", &p[7..]).into();
            (201, "application/json", page.to_string(), Some(etag))
        }
        _ => html_404,
    };
    let reason = match status {
        200 => "OK",
        201 => "Created",
        _ => "Not Found",
    };
    let mut reply = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n",
        text.len()
    );
    if let Some(etag) = etag {
        reply.push_str(&format!("ETag: {etag}\r\n"));
    }
    reply.push_str("\r\n");
    reply.push_str(&text);
    let mut stream = stream;
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.flush();
}
