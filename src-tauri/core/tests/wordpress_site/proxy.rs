//! A proxy in front of the test WordPress: it counts the requests it passes on, and can lose
//! the reply to chosen ones (the request reaches WordPress and is done there; the answer never
//! comes back), which is the fault a target must survive without writing twice.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Whether to lose the reply to a request: its method, its path with query, and how many
/// requests with that method and path came before it.
pub type Lose = dyn Fn(&str, &str, usize) -> bool + Send + Sync;

pub struct Proxy {
    pub url: String,
    port: u16,
    log: Arc<Mutex<Vec<(String, String)>>>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    /// A proxy to WordPress on 127.0.0.1:`upstream`, losing the replies `lose` picks.
    pub fn start(upstream: u16, lose: Box<Lose>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let lose: Arc<Lose> = Arc::from(lose);
        let (log2, stop2) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let (log, lose) = (log2.clone(), lose.clone());
                std::thread::spawn(move || serve(client, upstream, &log, lose.as_ref()));
            }
        });
        Proxy {
            url: format!("http://127.0.0.1:{port}/"),
            port,
            log,
            stop,
        }
    }

    /// Every request passed on so far: method and path with query.
    pub fn requests(&self) -> Vec<(String, String)> {
        self.log.lock().unwrap().clone()
    }

    /// How many requests with `method` had a path starting with `prefix`.
    pub fn count(&self, method: &str, prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|(m, p)| m == method && p.starts_with(prefix))
            .count()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// One request per connection: WordPress (PHP's built-in server) answers with
/// `Connection: close`, so the client opens a new one for the next.
fn serve(mut client: TcpStream, upstream: u16, log: &Mutex<Vec<(String, String)>>, lose: &Lose) {
    let Some((head, body)) = read_request(&mut client) else {
        return;
    };
    let first = head.lines().next().unwrap_or_default().to_string();
    let mut parts = first.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let before = {
        let mut log = log.lock().unwrap();
        let before = log
            .iter()
            .filter(|(m, p)| *m == method && *p == path)
            .count();
        log.push((method.clone(), path.clone()));
        before
    };
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    if server.write_all(head.as_bytes()).is_err() || server.write_all(&body).is_err() {
        return;
    }
    let mut reply = Vec::new();
    let _ = server.read_to_end(&mut reply);
    if !lose(&method, &path, before) {
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
