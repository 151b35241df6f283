//! A real browser votes: headless Chromium (Debian's, as the accessibility test uses) opens the
//! rendered comparison page from a local web server, presses a tool's button of the page's own
//! form under the page's own Content-Security-Policy, follows the service's redirect back and
//! shows the thanks line by `:target`. A second press of the other tool, same browser profile,
//! changes the vote instead of adding one.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{client, spawn, tallies, TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use verdict_core::model::ComparisonStatus;
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};

/// Serves `page` for every GET, one answer per connection.
async fn page_server(page: Arc<Mutex<String>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let page = page.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 2048];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let body = page.lock().unwrap().clone();
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    url
}

/// The page as rendered, plus a test script that presses `tool`'s button when the page is
/// opened without a fragment and, once back at `#community-voted` and loaded (`:target` applies
/// from then), writes whether the thanks line shows. The page's own CSP is kept; only inline script is added to it.
fn instrumented(html: &str, tool: &str) -> String {
    let html = html.replacen(
        "default-src 'none';",
        "default-src 'none'; script-src 'unsafe-inline';",
        1,
    );
    let script = format!(
        "<script>\
         if (location.hash === '') {{ document.querySelector('button[name=tool][value=\"{tool}\"]').click(); }}\
         else {{ addEventListener('load', () => document.body.setAttribute('data-landed', location.hash + ' ' + getComputedStyle(document.getElementById('community-voted')).display)); }}\
         </script>"
    );
    html.replacen("</body>", &format!("{script}</body>"), 1)
}

/// Chromium opens `url` with the profile in `profile` and returns the final page's DOM.
fn chromium(url: &str, profile: &std::path::Path) -> String {
    let mut child = Command::new(verdict_testkit::program("chromium"))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=20000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    // A hung browser fails the test instead of hanging it.
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {url} in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap().expect("chromium's output is text")
}

#[tokio::test(flavor = "multi_thread")]
async fn chromium_votes_with_the_pages_own_form_and_changes_its_vote() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    generate(
        &mut desk.store(),
        &GenerateOptions {
            tools: 12,
            comparisons: 8,
            reviewers: 4,
            seed: 5,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    let page = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.status == ComparisonStatus::Published && c.tools.len() == 2)
        .expect("a published page of two tools");
    let (slug, tools) = (page.slug.clone(), page.tools.clone());

    let served = Arc::new(Mutex::new(String::new()));
    let site = page_server(served.clone()).await;
    let service_dir = tempfile::tempdir().unwrap();
    let service = spawn(service_dir.path(), &[]);
    let mut settings = desk.site().unwrap();
    settings.base_url = Some(site.clone());
    settings.vote_service = Some(service.url.clone());
    desk.save_site("publisher", &settings).unwrap();
    let secrets = MemorySecrets::default();
    secrets
        .set(verdict_core::desk::VOTE_SERVICE_SECRET, TOKEN)
        .unwrap();
    // The pull tells the service the page and where it lives.
    verdict_core::desk::pull_site_votes(&desk, &secrets)
        .await
        .unwrap();

    let html = verdict_core::render::render_saved(&desk.store(), &slug, "html").unwrap();
    let page_url = format!("{site}/compare/{slug}/");
    let profile = tempfile::tempdir().unwrap();
    let c = client();
    for (round, tool) in [&tools[0], &tools[1]].into_iter().enumerate() {
        *served.lock().unwrap() = instrumented(&html, tool);
        let url = page_url.clone();
        let profile_dir = profile.path().to_path_buf();
        let dom = tokio::task::spawn_blocking(move || chromium(&url, &profile_dir))
            .await
            .unwrap();
        assert!(
            dom.contains("data-landed=\"#community-voted block\""),
            "round {round}: back on the page with the thanks shown: {:?}; tallies {:?}",
            dom.find("<body").map(|i| &dom[i..dom.len().min(i + 120)]),
            tallies(&c, &service.url).await
        );
        let counted = tallies(&c, &service.url).await;
        assert_eq!(
            counted,
            [((slug.clone(), tool.clone()), 1)].into(),
            "round {round}: one vote, for {tool}"
        );
    }
}
