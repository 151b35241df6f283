//! The blocking `start_in_thread` API, keep-alive, and the binary, driven with plain
//! sockets (no async runtime in the test).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use verdict_pageserver::{start_in_thread, Config};

/// Send one request on `stream` and read one response (Content-Length framed).
fn exchange(stream: &mut BufReader<TcpStream>, request: &str) -> (u16, String, String) {
    stream.get_mut().write_all(request.as_bytes()).unwrap();
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(
            stream.read_line(&mut line).unwrap() > 0,
            "connection closed"
        );
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    (status, head, String::from_utf8(body).unwrap())
}

#[test]
fn start_in_thread_keep_alive_and_stop() {
    let server = start_in_thread(Config::new("t")).unwrap();
    let url = server.url();
    assert_eq!(url, format!("http://{}/", server.addr()));

    let stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut conn = BufReader::new(stream);
    let body =
        r#"{"slug":"kept","title":"Kept","content_hash":"h1","page":{},"html":"<p>Kept</p>"}"#;
    let put = format!(
        "PUT /pages/kept HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\
         Idempotency-Key: one\r\nIf-None-Match: *\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    // Three requests on one connection.
    let (status, head, json) = exchange(&mut conn, &put);
    assert_eq!(status, 201, "{head}{json}");
    assert!(head.to_ascii_lowercase().contains("etag: \"1-"), "{head}");
    let (status, head, _) = exchange(&mut conn, &put);
    assert_eq!(status, 201);
    assert!(head
        .to_ascii_lowercase()
        .contains("idempotent-replayed: true"));
    let (status, _, json) = exchange(
        &mut conn,
        "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n",
    );
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"api": "verdict-pages", "version": 1, "pages": 1, "features": ["share-card", "media"]})
    );

    let stored = server.page("kept").unwrap();
    assert_eq!(stored.revision, 1);
    assert_eq!(stored.content_hash, "h1");
    assert_eq!(server.stats().requests, 3);

    let handle = server.handle();
    server.stop();
    // Closed for good. A child another test forks at this moment holds a copy of every
    // socket until it executes its program (close-on-exec), so a connection may still be
    // taken for an instant: refused within a second is what counts.
    let refused = (0..100).any(|_| {
        let refused = TcpStream::connect(handle.addr()).is_err();
        if !refused {
            std::thread::sleep(Duration::from_millis(10));
        }
        refused
    });
    assert!(refused, "listener closed");
    // The handle still reads the final state.
    assert_eq!(handle.pages().len(), 1);
}

#[test]
fn start_in_thread_reports_bind_errors() {
    let first = start_in_thread(Config::new("t")).unwrap();
    let mut config = Config::new("t");
    config.addr = first.addr();
    assert!(start_in_thread(config).is_err());
}

#[cfg(unix)]
#[test]
fn binary_prints_url_and_stops_on_sigterm() {
    use std::process::{Command, Stdio};

    /// Kills the child if the test fails before it exits.
    struct Guard(std::process::Child);
    impl Drop for Guard {
        fn drop(&mut self) {
            if let Ok(None) = self.0.try_wait() {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }
    }

    let mut child = Guard(
        Command::new(env!("CARGO_BIN_EXE_verdict-pageserver"))
            .args(["--addr", "127.0.0.1:0", "--token", "bin-token", "--quiet"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"));
    let addr = url
        .strip_prefix("http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap();

    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut conn = BufReader::new(stream);
    let (status, _, _) = exchange(&mut conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status, 401);
    let (status, _, _) = exchange(
        &mut conn,
        "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer bin-token\r\n\r\n",
    );
    assert_eq!(status, 200);
    drop(conn);

    let killed = Command::new(verdict_testkit::program("kill"))
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
