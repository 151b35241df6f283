//! The harness: drives the real app (its binary, its WebKitGTK webview) through tauri-driver
//! and WebKitWebDriver, on an X display of its own (Xvfb) unless told to use the caller's.
//!
//! A journey is an ordinary `#[tokio::test]`:
//!
//! ```ignore
//! #[tokio::test]
//! async fn my_journey() {
//!     let desk = Desk::launch("my_journey").await; // fresh data folder, app started
//!     desk.testid("comparison-row-…").await.click().await.unwrap();
//!     let title = desk.labelled("Title").await;
//!     // ... panics fail the test; the Desk's Drop always tears everything down and, on a
//!     // failure, leaves a screenshot, the page and the app's log in
//!     // target/e2e-failures/my_journey/.
//! }
//! ```
//!
//! One Desk (one app) at a time, whatever `--test-threads` says: `launch` waits for its turn.

use std::fs::{File, OpenOptions};
use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use super::procs::{self, Proc};

/// How long a wait for the UI lasts before the test fails (slow CI machines included).
pub const WAIT: Duration = Duration::from_secs(30);
/// How long starting tauri-driver, or the app and its first page, may take.
const START_WAIT: Duration = Duration::from_secs(90);
/// Keys per WebDriver "send keys" request in [`Desk::type_text`].
const TYPING_RUN: usize = 12;
/// Between two looks at a condition.
const POLL: Duration = Duration::from_millis(20);

const BUILD_HINT: &str = "Build the app with its bundled UI first:\n    \
    npm --prefix ui run build && cargo build -p verdict-desk --features custom-protocol\n\
    and run the tests with the same feature, so cargo does not rebuild the binary without it:\n    \
    cargo test -p verdict-desk --features custom-protocol --test e2e\n\
    (A build without `custom-protocol` loads the Vite dev server instead and shows nothing.)\n\
    Or point VERDICT_E2E_APP at a binary built that way.";

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
static PROCESS_SETUP: Once = Once::new();

/// Tests of this binary take turns: one test's apps at a time.
fn take_turn() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The running app of one test, and everything around it.
pub struct Desk {
    name: String,
    app: PathBuf,
    /// Root of this test's files: data/ (VERDICT_DATA_DIR), xdg/, the logs.
    dir: tempfile::TempDir,
    display: Option<Display>,
    driver: Option<Driver>,
    session: Option<WebDriver>,
    launches: u32,
    /// Environment variables given to tauri-driver, and so to the app, besides the harness's.
    env: Vec<(String, String)>,
    /// When the last WebDriver new-session request (which launches the app) was sent.
    pub launched_at: Instant,
    /// How long that request took: the app started and its first page loaded.
    pub session_took: Duration,
    /// This test's turn (None for a second app of the same test, see `launch_beside`).
    _turn: Option<MutexGuard<'static, ()>>,
}

impl Desk {
    /// Starts the app on a fresh, empty data folder (it seeds the sample on first start)
    /// and waits until its first screen shows something. `name` names the failure folder:
    /// use the test's function name.
    pub async fn launch(name: &str) -> Desk {
        Desk::launch_with_env(name, &[]).await
    }

    /// Like [`Desk::launch`], with environment variables for the app (set on tauri-driver,
    /// whose environment the app inherits; they win over the harness's own, e.g.
    /// DBUS_SESSION_BUS_ADDRESS). They stay for every relaunch by [`Desk::restart`].
    pub async fn launch_with_env(name: &str, env: &[(&str, &str)]) -> Desk {
        Desk::launch_prepared(name, env, |_| {}).await
    }

    /// Like [`Desk::launch_with_env`], with `prepare` run on the (empty) data folder before
    /// the app starts: a journey that needs content the sample lacks writes it through
    /// `verdict_core` there, as the CLI would.
    pub async fn launch_prepared(
        name: &str,
        env: &[(&str, &str)],
        prepare: impl FnOnce(&Path),
    ) -> Desk {
        Desk::start_new(app_binary(), name, env, prepare, Some(take_turn())).await
    }

    /// Starts another binary of this build (an example, such as `empty-window`) the way
    /// [`Desk::launch`] starts the app: its own data folder and display, its first page shown.
    pub async fn launch_binary(name: &str, app: PathBuf) -> Desk {
        Desk::start_new(app, name, &[], |_| {}, Some(take_turn())).await
    }

    /// A second app in the same test (two desks of a team), beside `first`, whose turn it
    /// shares: its own data folder, display and tauri-driver.
    pub async fn launch_beside(
        _first: &Desk,
        name: &str,
        env: &[(&str, &str)],
        prepare: impl FnOnce(&Path),
    ) -> Desk {
        Desk::start_new(app_binary(), name, env, prepare, None).await
    }

    async fn start_new(
        app: PathBuf,
        name: &str,
        env: &[(&str, &str)],
        prepare: impl FnOnce(&Path),
        turn: Option<MutexGuard<'static, ()>>,
    ) -> Desk {
        PROCESS_SETUP.call_once(procs::become_subreaper);

        let dir = tempfile::Builder::new()
            .prefix(&format!("verdict-e2e-{name}-"))
            .tempdir()
            .expect("a temp folder for the test");
        for sub in ["data", "xdg/config", "xdg/cache", "xdg/data"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("test folders");
        }
        let _ = std::fs::remove_dir_all(failures_root().join(name));
        prepare(&dir.path().join("data"));

        let display = Display::start(dir.path());
        let mut desk = Desk {
            name: name.to_string(),
            app,
            dir,
            display: Some(display),
            driver: None,
            session: None,
            launches: 0,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            launched_at: Instant::now(),
            session_took: Duration::ZERO,
            _turn: turn,
        };
        desk.start_app().await;
        desk
    }

    /// Quits the app (ending the session, stopping tauri-driver) and starts it again on the
    /// same data folder, as a user closing and reopening it would.
    pub async fn restart(&mut self) {
        self.stop_app();
        self.start_app().await;
    }

    /// The WebDriver session of the running app.
    pub fn session(&self) -> &WebDriver {
        self.session.as_ref().expect("the app is running")
    }

    /// The folder the app keeps its data in (VERDICT_DATA_DIR).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The app's process and its children (WebKitWebProcess, WebKitNetworkProcess, ...),
    /// found under tauri-driver → WebKitWebDriver → app.
    pub fn app_processes(&self) -> Option<(Proc, Vec<Proc>)> {
        let driver = self.driver.as_ref()?;
        let tree = procs::descendants(driver.child.id() as i32);
        let webdriver = tree.iter().find(|p| p.ppid == driver.child.id() as i32)?;
        let app = tree
            .iter()
            .find(|p| p.ppid == webdriver.pid && p.state != 'Z')?
            .clone();
        let children = procs::descendants(app.pid);
        Some((app, children))
    }

    /// The element with this `data-testid`, once it is in the page.
    pub async fn testid(&self, id: &str) -> WebElement {
        let session = self.session();
        let by = By::Css(css_testid(id));
        until(&format!("[data-testid={id:?}]"), WAIT, move || {
            let by = by.clone();
            async move { session.find(by).await.map_err(|e| e.to_string()) }
        })
        .await
    }

    /// The form control a visible `<label>` with exactly this text (whitespace collapsed)
    /// points at through its `for` attribute, once it is in the page.
    pub async fn labelled(&self, label: &str) -> WebElement {
        let session = self.session();
        until(
            &format!("the control labelled {label:?}"),
            WAIT,
            move || async move {
                let ids: Vec<String> = session
                    .execute(LABEL_TARGETS_JS, vec![json!(label)])
                    .await
                    .and_then(|r| r.convert())
                    .map_err(|e| e.to_string())?;
                match ids.as_slice() {
                    [] => Err(format!("no visible <label> reads {label:?}")),
                    [id] if id.is_empty() => Err(format!("the label {label:?} has no `for`")),
                    [id] => session
                        .find(By::Id(id.as_str()))
                        .await
                        .map_err(|e| e.to_string()),
                    many => Err(format!(
                        "{} visible labels read {label:?}: {many:?}",
                        many.len()
                    )),
                }
            },
        )
        .await
    }

    /// The text an element shows (`innerText`, whitespace collapsed). WebDriver's own
    /// element text is "" for text in `overflow: hidden` boxes under WebKitWebDriver (it
    /// deems them not displayed), so read it from the page instead.
    pub async fn text(&self, element: &WebElement) -> Result<String, String> {
        let arg = element.to_json().map_err(|e| e.to_string())?;
        let text = self
            .session()
            .execute("return arguments[0].innerText", vec![arg])
            .await
            .map_err(|e| e.to_string())?;
        let text = text.json().as_str().unwrap_or_default();
        Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// Whether an element takes room on the screen and is not `visibility: hidden`
    /// (WebDriver's "is displayed" is unreliable here, as for [`Desk::text`]).
    pub async fn visible(&self, element: &WebElement) -> bool {
        let Ok(arg) = element.to_json() else {
            return false;
        };
        let js = "const el = arguments[0]; const r = el.getBoundingClientRect(); \
                  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'";
        self.session()
            .execute(js, vec![arg])
            .await
            .is_ok_and(|r| r.json() == &Value::Bool(true))
    }

    /// Types `text` into `element` the way WebDriver does (key by key, at the caret), in
    /// short runs: one long key sequence takes WebKitWebDriver seconds while the app
    /// re-renders its preview on every key, and long ones were seen to lose the session
    /// now and then (see tests/e2e.rs).
    pub async fn type_text(&self, element: &WebElement, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        for run in chars.chunks(TYPING_RUN) {
            let run: String = run.iter().collect();
            if let Err(e) = element.send_keys(run.as_str()).await {
                panic!("e2e: typing {run:?} failed: {e}");
            }
        }
    }

    /// Runs a script in the app's page and returns its value; a script error fails the test.
    pub async fn script(&self, js: &str, args: Vec<Value>) -> Value {
        match self.session().execute(js, args).await {
            Ok(ret) => ret.json().clone(),
            Err(e) => panic!("e2e: script failed: {e}\n--- script ---\n{js}"),
        }
    }

    /// Like [`Desk::script`] for an asynchronous script (the last argument is its callback).
    pub async fn script_async(&self, js: &str, args: Vec<Value>) -> Value {
        match self.session().execute_async(js, args).await {
            Ok(ret) => ret.json().clone(),
            Err(e) => panic!("e2e: async script failed: {e}\n--- script ---\n{js}"),
        }
    }

    /// Launches the app: starts tauri-driver, opens the session, checks the app serves its
    /// bundled UI and waits until the page shows something.
    async fn start_app(&mut self) {
        self.launches += 1;
        let driver = Driver::start(self.dir.path(), self.display(), self.launches, &self.env);
        let url = format!("http://127.0.0.1:{}", driver.port);
        let log = driver.log.clone();
        self.driver = Some(driver);

        // Exactly the Tauri option: tauri-driver turns it into WebKitWebDriver's options.
        let caps = json!({ "tauri:options": { "application": self.app } });
        let caps = Capabilities::from(caps.as_object().cloned().unwrap_or_default());
        self.launched_at = Instant::now();
        let session = match tokio::time::timeout(START_WAIT, WebDriver::new(url, caps)).await {
            Ok(Ok(session)) => session,
            Ok(Err(e)) => panic!(
                "e2e: the app did not start through WebDriver: {e}\napp: {}\n{}",
                self.app.display(),
                log_tail(&log, 40)
            ),
            Err(_) => panic!(
                "e2e: no WebDriver session after {START_WAIT:?}\n{}",
                log_tail(&log, 40)
            ),
        };
        self.session_took = self.launched_at.elapsed();
        self.session = Some(session);

        // A build without `custom-protocol` points the window at the dev server.
        match self.session().current_url().await {
            Ok(page) if page.scheme() == "tauri" => {}
            Ok(page) => panic!(
                "e2e: the app shows {page} instead of its bundled UI (tauri://localhost): {} was \
                 built without the `custom-protocol` feature.\n{BUILD_HINT}",
                self.app.display()
            ),
            Err(e) => panic!(
                "e2e: cannot read the app's page address ({e}); was {} built with the \
                 `custom-protocol` feature?\n{BUILD_HINT}\n{}",
                self.app.display(),
                log_tail(&log, 40)
            ),
        }
        let _ = self.session().set_script_timeout(WAIT).await;
        let session = self.session();
        until("the app's first screen", START_WAIT, move || async move {
            let shown = session
                .execute(
                    "return document.body ? document.body.innerText.trim().length : 0",
                    vec![],
                )
                .await
                .map_err(|e| e.to_string())?;
            match shown.json().as_u64() {
                Some(n) if n > 0 => Ok(()),
                _ => Err("the page is still empty".to_string()),
            }
        })
        .await;
    }

    fn display(&self) -> &str {
        self.display
            .as_ref()
            .map(|d| d.name.as_str())
            .unwrap_or_default()
    }

    /// Ends the session and stops tauri-driver, WebKitWebDriver, the app and its WebKit
    /// processes; whatever of them does not go on its own is killed (and reported).
    /// Blocking and runtime-free, so `Drop` can use it too.
    fn stop_app(&mut self) {
        let Some(mut driver) = self.driver.take() else {
            return;
        };
        let root = driver.child.id() as i32;
        let tree = procs::descendants(root);
        if let Some(session) = self.session.take() {
            let id = session.session_id().to_string();
            // The async client cannot be awaited here; end the session over plain HTTP and
            // keep thirtyfour's Drop from trying again.
            let _ = session.leak();
            if let Err(e) = procs::http(driver.port, "DELETE", &format!("/session/{id}"), "", WAIT)
            {
                eprintln!("e2e: ending the WebDriver session failed: {e}");
            }
        }
        // Ending the session closes the app; let it go on its own before stopping the rest.
        let app_side: Vec<Proc> = tree.iter().filter(|p| p.ppid != root).cloned().collect();
        let lingering = procs::wait_gone(&app_side, Duration::from_secs(10));
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver before exiting.
        procs::terminate_child(&mut driver.child, Duration::from_secs(10));

        let mut ours = tree;
        ours.extend(procs::with_env("VERDICT_DATA_DIR", &self.data_dir()));
        for p in &lingering {
            eprintln!(
                "e2e: teardown: {} (pid {}) did not exit within 10 s of the session's end",
                p.comm, p.pid
            );
        }
        for p in procs::stop_all(&ours, Duration::from_secs(5)) {
            eprintln!(
                "e2e: teardown: {} (pid {}) was still running and had to be stopped: {}",
                p.comm,
                p.pid,
                p.cmdline()
            );
        }
        procs::wait_reaped(&ours, Duration::from_secs(5));
    }

    /// A screenshot of the whole X display the app runs on (imagemagick's `import -window
    /// root`; WebKitWebDriver's own screenshot comes back empty here), written to `path`.
    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        self.capture(path, None)
    }

    /// Like [`Desk::screenshot`], cut to the app's window: its position and size as the
    /// page reports them (`screenX`, `outerWidth`, ...).
    pub async fn screenshot_window(&self, path: &Path) -> Result<(), String> {
        let js = "return [window.screenX, window.screenY, window.outerWidth, window.outerHeight]";
        let geometry: Vec<i64> = self
            .session()
            .execute(js, vec![])
            .await
            .and_then(|r| r.convert())
            .map_err(|e| format!("the window's geometry: {e}"))?;
        let [x, y, w, h] = geometry[..] else {
            return Err(format!("the window's geometry: {geometry:?}"));
        };
        self.capture(path, Some(format!("{w}x{h}+{x}+{y}")))
    }

    fn capture(&self, path: &Path, crop: Option<String>) -> Result<(), String> {
        let mut import = Command::new(verdict_testkit::program("import"));
        import.args(["-window", "root"]);
        if let Some(crop) = crop {
            import.args(["-crop", &crop, "+repage"]);
        }
        import
            .arg(path)
            .env("DISPLAY", self.display())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = import
            .spawn()
            .map_err(|e| format!("imagemagick's `import`: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut status = None;
        while status.is_none() && Instant::now() < deadline {
            status = procs::child_exited(&mut child);
            if status.is_none() {
                std::thread::sleep(POLL);
            }
        }
        procs::terminate_child(&mut child, Duration::from_secs(1));
        match status {
            Some(_) if path.is_file() => Ok(()),
            Some(s) => Err(format!(
                "`import` ended ({s}) without writing {}",
                path.display()
            )),
            None => Err("`import` did not finish within 20 s".to_string()),
        }
    }

    /// The X display the app runs on (e.g. ":99"), for tools such as xdotool.
    pub fn display_name(&self) -> &str {
        self.display()
    }

    /// Kills the app's process with SIGKILL, as a crash or a power cut would end it (no
    /// unload handlers, no last save), and waits until it is gone. The WebDriver session is
    /// dead afterwards: [`Desk::restart`] starts the app again.
    pub fn kill_app(&mut self) -> Proc {
        let (app, _children) = self.app_processes().expect("the app's process, to kill it");
        procs::signal(&app, nix::sys::signal::Signal::SIGKILL);
        let left = procs::wait_gone(std::slice::from_ref(&app), Duration::from_secs(10));
        assert!(
            left.is_empty(),
            "e2e: the app (pid {}) outlived SIGKILL",
            app.pid
        );
        app
    }

    /// On a failure: a screenshot of the real screen, the page's DOM and the logs, in
    /// target/e2e-failures/<test>/.
    fn save_failure(&self) {
        let out = failures_root().join(&self.name);
        if let Err(e) = std::fs::create_dir_all(&out) {
            eprintln!("e2e: cannot create {}: {e}", out.display());
            return;
        }
        if let Err(e) = self.screenshot(&out.join("screenshot.png")) {
            eprintln!("e2e: no screenshot: {e}");
        }
        if let (Some(driver), Some(session)) = (&self.driver, &self.session) {
            // The app's page, even when the test failed inside the preview frame.
            let id = session.session_id();
            let top = json!({ "id": null }).to_string();
            let _ = procs::http(
                driver.port,
                "POST",
                &format!("/session/{id}/frame"),
                &top,
                Duration::from_secs(10),
            );
            let body = json!({ "script": "return document.documentElement.outerHTML", "args": [] });
            let path = format!("/session/{id}/execute/sync");
            if let Ok(reply) = procs::http(
                driver.port,
                "POST",
                &path,
                &body.to_string(),
                Duration::from_secs(10),
            ) {
                let html = serde_json::from_str::<Value>(&reply)
                    .ok()
                    .and_then(|v| v["value"].as_str().map(str::to_string))
                    .unwrap_or(reply);
                let _ = std::fs::write(out.join("page.html"), html);
            }
        }
        for log in ["tauri-driver.log", "xvfb.log"] {
            let from = self.dir.path().join(log);
            if from.exists() {
                let _ = std::fs::copy(&from, out.join(log));
            }
        }
        eprintln!(
            "e2e: {} failed; screenshot, page and app log are in {}\n{}",
            self.name,
            out.display(),
            log_tail(&self.dir.path().join("tauri-driver.log"), 30)
        );
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.save_failure();
        }
        self.stop_app();
        // The X server last: the app must be gone before its display is.
        self.display.take();
        // Every child we spawned has been waited for: whatever exited child is left is an
        // adopted orphan of the app's tree.
        procs::reap_orphans();
    }
}

/// Polls `probe` until it returns `Ok`, at most `timeout`; then fails the test with the
/// probe's last reason. No fixed sleeps: use this for every "wait until".
pub async fn until<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + timeout;
    let mut reason = "no look finished".to_string();
    loop {
        match tokio::time::timeout_at(deadline.into(), probe()).await {
            Ok(Ok(value)) => return value,
            Ok(Err(why)) => reason = why,
            Err(_) => reason = format!("{reason} (and the last look did not answer in time)"),
        }
        if Instant::now() >= deadline {
            panic!("e2e: timed out after {timeout:?} waiting for {what}: {reason}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// `[data-testid="…"]`
pub fn css_testid(id: &str) -> String {
    format!(
        "[data-testid=\"{}\"]",
        id.replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// The `for` of every visible label whose text is arguments[0] (or of every such label,
/// visible or not, when none is visible).
const LABEL_TARGETS_JS: &str = r#"
    const want = arguments[0];
    const norm = (s) => s.replace(/\s+/g, ' ').trim();
    const visible = (el) => el.getClientRects().length > 0;
    const labels = Array.from(document.querySelectorAll('label')).filter((l) => norm(l.textContent) === want);
    const shown = labels.filter(visible);
    return (shown.length ? shown : labels).map((l) => l.htmlFor);
"#;

/// An example of the same build as the app under test: `examples/<name>` beside its binary
/// (cargo builds the package's examples with its tests; for a release app, build it with
/// `cargo build --release --example <name>`).
pub fn example_binary(name: &str) -> PathBuf {
    let app = app_binary();
    let example = app
        .parent()
        .expect("the app's folder")
        .join("examples")
        .join(name);
    if !example.is_file() {
        panic!(
            "e2e: the example {} does not exist: build it with the app's profile and \
             features, e.g. cargo build --release --features custom-protocol --example {name}",
            example.display()
        );
    }
    example
}

/// The app under test: $VERDICT_E2E_APP, else the package's own `verdict-desk` binary
/// (target/<profile>/verdict-desk, the one cargo built for this test run).
fn app_binary() -> PathBuf {
    let app = std::env::var_os("VERDICT_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_verdict-desk")));
    let app = std::path::absolute(&app).unwrap_or(app);
    if !app.is_file() {
        panic!(
            "e2e: the app binary {} does not exist.\n{BUILD_HINT}",
            app.display()
        );
    }
    app
}

/// target/e2e-failures (the target folder is the parent of CARGO_TARGET_TMPDIR).
fn failures_root() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("e2e-failures")
}

fn log_tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    let from = all.len().saturating_sub(lines);
    format!(
        "--- last lines of {} ---\n{}",
        path.display(),
        all[from..].join("\n")
    )
}

/// The X display the app runs on: an Xvfb of our own, or the caller's.
struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    /// Our own Xvfb when there is no DISPLAY or VERDICT_E2E_XVFB=1; else the caller's.
    fn start(dir: &Path) -> Display {
        let existing = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty());
        let forced = std::env::var("VERDICT_E2E_XVFB").is_ok_and(|v| v == "1");
        if let (Some(name), false) = (existing, forced) {
            return Display { name, xvfb: None };
        }
        let log = File::create(dir.join("xvfb.log")).expect("the Xvfb log file");
        // -displayfd: Xvfb picks a free display number and writes it to stdout once it
        // accepts connections.
        let mut child = Command::new(verdict_testkit::program("Xvfb"))
            .args(["-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("e2e: cannot start Xvfb ({e}): install the `xvfb` package, or run with a DISPLAY")
            });
        let stdout = child.stdout.take().expect("Xvfb's stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
            let _ = tx.send(line);
        });
        let number = rx
            .recv_timeout(START_WAIT)
            .ok()
            .and_then(|line| line.trim().parse::<u32>().ok());
        let Some(number) = number else {
            procs::terminate_child(&mut child, Duration::from_secs(2));
            panic!(
                "e2e: Xvfb did not start\n{}",
                log_tail(&dir.join("xvfb.log"), 20)
            );
        };
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        if !procs::wait_unix_socket(&socket, START_WAIT) {
            procs::terminate_child(&mut child, Duration::from_secs(2));
            panic!(
                "e2e: Xvfb :{number} does not accept connections on {}",
                socket.display()
            );
        }
        Display {
            name: format!(":{number}"),
            xvfb: Some(child),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(child) = self.xvfb.as_mut() {
            procs::terminate_child(child, Duration::from_secs(5));
        }
    }
}

/// tauri-driver (with WebKitWebDriver under it) on free ports.
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Driver {
    /// Starts tauri-driver on free ports; tries again on other ports when it (or the
    /// WebKitWebDriver it starts) does not come up, e.g. because a port got taken meanwhile.
    fn start(dir: &Path, display: &str, launch: u32, env: &[(String, String)]) -> Driver {
        let tauri_driver = std::env::var_os("VERDICT_E2E_TAURI_DRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| verdict_testkit::program("tauri-driver"));
        // tauri-driver starts it from the PATH: fail here, naming the package, if it is not.
        verdict_testkit::program("WebKitWebDriver");
        let log = dir.join("tauri-driver.log");
        let mut why = String::new();
        for attempt in 1..=3 {
            match Driver::try_start(&tauri_driver, dir, display, launch, attempt, env) {
                Ok(driver) => return driver,
                Err(e) => {
                    why = e;
                    // Whatever it left (WebKitWebDriver inherits the test's data folder).
                    let data = dir.join("data");
                    let ours = procs::with_env("VERDICT_DATA_DIR", &data);
                    procs::stop_all(&ours, Duration::from_secs(5));
                    procs::wait_reaped(&ours, Duration::from_secs(5));
                }
            }
        }
        panic!(
            "e2e: tauri-driver did not come up: {why}\n{}",
            log_tail(&log, 40)
        );
    }

    fn try_start(
        program: &Path,
        dir: &Path,
        display: &str,
        launch: u32,
        attempt: u32,
        env: &[(String, String)],
    ) -> Result<Driver, String> {
        let port = procs::free_port();
        let native_port = loop {
            let p = procs::free_port();
            if p != port {
                break p;
            }
        };
        let log = dir.join("tauri-driver.log");
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .expect("the tauri-driver log file");
        let _ = writeln!(
            file,
            "==== e2e: launch {launch} (attempt {attempt}): tauri-driver on port {port}, \
             WebKitWebDriver on {native_port}, DISPLAY={display} ===="
        );
        let err = file.try_clone().expect("the log file, twice");

        let mut cmd = Command::new(program);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("DISPLAY", display)
        .env("VERDICT_DATA_DIR", dir.join("data"))
        .env("VERDICT_LOG", "info")
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        // Window state, WebKit caches and the like stay in the test's folder.
        .env("XDG_CONFIG_HOME", dir.join("xdg/config"))
        .env("XDG_CACHE_HOME", dir.join("xdg/cache"))
        .env("XDG_DATA_HOME", dir.join("xdg/data"))
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err);
        // Without an accessibility bus GTK looks for one for 10-30 s at start-up.
        if std::env::var_os("NO_AT_BRIDGE").is_none() {
            cmd.env("NO_AT_BRIDGE", "1");
        }
        // Without a session bus GLib would autolaunch a dbus-daemon per display, which
        // outlives the test. An unreachable address makes it go without.
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            cmd.env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", dir.join("no-session-bus").display()),
            );
        }
        // The journey's own, last: they win over everything above.
        cmd.envs(env.iter().map(|(k, v)| (k, v)));
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("e2e: cannot start {}: {e}", program.display()));

        // tauri-driver listens at once; WebKitWebDriver, which it starts, a moment later.
        let deadline = Instant::now() + START_WAIT / 3;
        while !(procs::port_open(port) && procs::port_open(native_port)) {
            if let Some(status) = procs::child_exited(&mut child) {
                return Err(format!("tauri-driver exited ({status})"));
            }
            if Instant::now() >= deadline {
                procs::terminate_child(&mut child, Duration::from_secs(5));
                return Err(format!(
                    "ports {port} and {native_port} not both open after {:?}",
                    START_WAIT / 3
                ));
            }
            std::thread::sleep(POLL);
        }
        Ok(Driver { child, port, log })
    }
}
