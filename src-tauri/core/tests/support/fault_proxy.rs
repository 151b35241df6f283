//! A faulty proxy in front of a test site (WordPress, Ghost) on 127.0.0.1: it logs every
//! request it passes on and, for the requests a test picks, either drops the request before
//! the site sees it or passes it on and loses the site's answer (the write is done there; the
//! desk never hears of it). The second is the fault a target must survive without writing
//! twice. One request per connection (`Connection: close` both ways).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    /// The site never sees it.
    DropRequest,
    /// The site does it; the answer is lost.
    LoseReply,
}

/// The requests seen before one: all of them, and those with its method and path.
#[derive(Debug, Clone, Copy)]
pub struct Before {
    pub all: usize,
    pub same: usize,
}

/// Picks the fault for a request: its method, its path with query, and what came before.
type Picker = dyn Fn(&str, &str, Before) -> Fault + Send + Sync;

/// Picks the fault for a request: its method, its path, and how many requests came before.
pub type Pick = dyn Fn(&str, &str, usize) -> Fault + Send + Sync;

/// Whether to lose the reply to a request: its method, its path with query, and how many
/// requests with that method and path came before it.
pub type Lose = dyn Fn(&str, &str, usize) -> bool + Send + Sync;

type Log = Mutex<Vec<(String, String, Fault)>>;

pub struct Proxy {
    pub url: String,
    port: u16,
    log: Arc<Log>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    /// A proxy to the site on 127.0.0.1:`upstream`, losing the replies `lose` picks.
    pub fn start(upstream: u16, lose: Box<Lose>) -> Proxy {
        Proxy::serve(
            upstream,
            Box::new(move |m, p, before| {
                if lose(m, p, before.same) {
                    Fault::LoseReply
                } else {
                    Fault::Pass
                }
            }),
        )
    }

    /// A proxy to the site on 127.0.0.1:`upstream`, doing to each request what `pick` says.
    pub fn with_faults(upstream: u16, pick: Box<Pick>) -> Proxy {
        Proxy::serve(
            upstream,
            Box::new(move |m, p, before| pick(m, p, before.all)),
        )
    }

    fn serve(upstream: u16, pick: Box<Picker>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Arc<Log> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let pick: Arc<Picker> = Arc::from(pick);
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

    /// Every request so far: method and path with query.
    pub fn requests(&self) -> Vec<(String, String)> {
        let log = self.log.lock().unwrap();
        log.iter().map(|(m, p, _)| (m.clone(), p.clone())).collect()
    }

    /// How many requests with `method` had a path starting with `prefix`.
    pub fn count(&self, method: &str, prefix: &str) -> usize {
        self.count_where(method, prefix, |_| true)
    }

    /// How many requests with `method` had a path starting with `prefix`, and `fault`.
    pub fn count_faulted(&self, method: &str, prefix: &str, fault: Fault) -> usize {
        self.count_where(method, prefix, |f| f == fault)
    }

    /// How many requests were dropped or lost their answer.
    pub fn faulted(&self) -> usize {
        let log = self.log.lock().unwrap();
        log.iter().filter(|(_, _, f)| *f != Fault::Pass).count()
    }

    fn count_where(&self, method: &str, prefix: &str, fault: impl Fn(Fault) -> bool) -> usize {
        let log = self.log.lock().unwrap();
        log.iter()
            .filter(|(m, p, f)| m == method && p.starts_with(prefix) && fault(*f))
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

fn serve(mut client: TcpStream, upstream: u16, log: &Log, pick: &Picker) {
    let Some((head, body)) = read_request(&mut client) else {
        return;
    };
    let first = head.lines().next().unwrap_or_default().to_string();
    let mut parts = first.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let fault = {
        let mut log = log.lock().unwrap();
        let same = log
            .iter()
            .filter(|(m, p, _)| *m == method && *p == path)
            .count();
        let fault = pick(
            &method,
            &path,
            Before {
                all: log.len(),
                same,
            },
        );
        log.push((method, path, fault));
        fault
    };
    if fault == Fault::DropRequest {
        let _ = client.shutdown(Shutdown::Both);
        return;
    }
    // A site that keeps connections open (Node) is told not to: the answer is read to its end.
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
