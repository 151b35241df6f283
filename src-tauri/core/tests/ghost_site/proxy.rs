//! A faulty proxy in front of the test Ghost: for the requests it picks it either drops the
//! request before Ghost sees it, or passes it on and loses Ghost's answer (the write is done
//! there; the desk never hears of it). The second is the fault a target must survive without
//! writing twice. One request per connection (`Connection: close` both ways).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    /// Ghost never sees it.
    DropRequest,
    /// Ghost does it; the answer is lost.
    LoseReply,
}

/// Picks the fault for a request: its method, its path, and how many requests came before.
pub type Pick = dyn Fn(&str, &str, usize) -> Fault + Send + Sync;

pub struct Proxy {
    pub url: String,
    port: u16,
    log: Arc<Mutex<Vec<(String, String, Fault)>>>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    pub fn start(upstream: u16, pick: Box<Pick>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Arc<Mutex<Vec<(String, String, Fault)>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let pick: Arc<Pick> = Arc::from(pick);
        let (log2, stop2) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let (log, pick) = (log2.clone(), pick.clone());
                std::thread::spawn(move || serve(client, upstream, &log, pick.as_ref()));
            }
        });
        Proxy {
            url: format!("http://127.0.0.1:{port}/"),
            port,
            log,
            stop,
        }
    }

    /// Every request so far: method, path with query, and what was done to it.
    pub fn requests(&self) -> Vec<(String, String, Fault)> {
        self.log.lock().unwrap().clone()
    }

    /// How many requests had `method`, a path starting with `prefix`, and `fault`.
    pub fn count(&self, method: &str, prefix: &str, fault: Option<Fault>) -> usize {
        self.requests()
            .iter()
            .filter(|(m, p, f)| {
                m == method && p.starts_with(prefix) && fault.is_none_or(|want| *f == want)
            })
            .count()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(
    mut client: TcpStream,
    upstream: u16,
    log: &Mutex<Vec<(String, String, Fault)>>,
    pick: &Pick,
) {
    let Some((head, body)) = read_request(&mut client) else {
        return;
    };
    let first = head.lines().next().unwrap_or_default().to_string();
    let mut parts = first.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let fault = {
        let mut log = log.lock().unwrap();
        let fault = pick(&method, &path, log.len());
        log.push((method, path, fault));
        fault
    };
    if fault == Fault::DropRequest {
        let _ = client.shutdown(Shutdown::Both);
        return;
    }
    // Ghost (Node) keeps connections open; this proxy reads one answer to its end.
    let head: String = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .map(|l| format!("{l}\r\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
        + "\r\nConnection: close\r\n\r\n";
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    if server.write_all(head.as_bytes()).is_err() || server.write_all(&body).is_err() {
        return;
    }
    let mut reply = Vec::new();
    let _ = server.read_to_end(&mut reply);
    if fault == Fault::Pass {
        let _ = client.write_all(&reply);
    }
    let _ = client.shutdown(Shutdown::Both);
}

/// The request's head (up to and with the blank line) and its body (`Content-Length` bytes;
/// the desk's requests are never chunked).
fn read_request(client: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = client.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8(data[..end].to_vec()).ok()?;
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = data[end..].to_vec();
    while body.len() < length {
        let n = client.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some((head, body))
}
