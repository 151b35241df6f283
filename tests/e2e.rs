//! End-to-end tests: the real app (its binary, its WebKitGTK webview) driven through
//! tauri-driver + WebKitWebDriver with thirtyfour, on an Xvfb display of its own when there
//! is no DISPLAY (or VERDICT_E2E_XVFB=1).
//!
//! Needs, besides the build: `Xvfb`, `WebKitWebDriver` (webkit2gtk-driver), `import`
//! (imagemagick, for failure screenshots) and tauri-driver
//! (`cargo install tauri-driver --locked --version 2.1.0`). Run as
//!
//! ```text
//! npm --prefix ui run build
//! cargo test -p verdict-desk --features custom-protocol --test e2e
//! ```
//!
//! Add `-- --nocapture` to see the `PERF` lines of the performance journey. A failing
//! journey leaves a screenshot, the page's DOM and the app's log in
//! target/e2e-failures/<test>/ and names that folder in its output.
//!
//! Journeys are `#[tokio::test]`s in the modules below; `harness::Desk` is the app.
//! Find elements by `data-testid` (`Desk::testid`) or by their label (`Desk::labelled`),
//! never by position; wait with `harness::until`, never with fixed sleeps.
//!
//! Environment knobs: VERDICT_E2E_APP (the binary; default: this package's `verdict-desk`),
//! VERDICT_E2E_XVFB=1 (own Xvfb even when DISPLAY is set), VERDICT_E2E_TAURI_DRIVER,
//! VERDICT_E2E_SCREENSHOTS=<dir> (the publishing journey also writes <dir>/publishing.png,
//! the README's screenshot: `VERDICT_E2E_SCREENSHOTS=docs/screenshots cargo test … publisher`).
//!
//! The import journey answers the system's GTK file dialog with `xdotool` (package
//! `xdotool`) on the app's display; an app's own environment variables (a publishing
//! secret, say) go through `Desk::launch_with_env`.
//!
//! Learnt the hard way, on WebKitGTK 2.4x / Debian 12:
//! - Without an accessibility bus GTK waits 10-30 s at start-up: the harness sets
//!   NO_AT_BRIDGE=1, and an unreachable DBUS_SESSION_BUS_ADDRESS when none is set (GLib
//!   would otherwise autolaunch a dbus-daemon per display that outlives the test).
//! - WebKitWebDriver's element text and "is displayed" say "" / false for text inside
//!   `overflow: hidden` boxes (ellipsis): use `Desk::text` and `Desk::visible`.
//! - One "send keys" of ~100 characters into the editor (which re-renders the preview on
//!   every key) now and then lost the session (the app went away, or WebKitWebDriver reset
//!   the connection); `Desk::type_text` types in short runs, which has not failed since.
//! - Keys sent to a focused heading (the editor focuses its `<h1 tabindex="-1">`) never reach
//!   the page, and neither do key actions then: send shortcuts to a control (`steps::press`).
//! - In the GTK file chooser the first Enter after typing a path only takes the location
//!   field's completion; the journey presses Enter, addressed to the dialog's window, until
//!   the dialog closes.
//! - tauri-driver answers SIGTERM by SIGKILLing WebKitWebDriver, which leaves the app
//!   running: the harness ends the session first, makes the test process the subreaper of
//!   the app's tree and stops and reaps whatever is left.

#[path = "e2e/authoring.rs"]
mod authoring;
#[path = "e2e/changes.rs"]
mod changes;
#[path = "e2e/comparisons.rs"]
mod comparisons;
#[path = "e2e/crash.rs"]
mod crash;
#[path = "e2e/ghost.rs"]
mod ghost;
#[path = "e2e/harness.rs"]
mod harness;
#[path = "e2e/import.rs"]
mod import;
#[path = "e2e/ipc_probe.rs"]
mod ipc_probe;
#[path = "e2e/keyboard.rs"]
mod keyboard;
#[path = "e2e/layout.rs"]
mod layout;
#[path = "e2e/media.rs"]
mod media;
#[path = "e2e/media_paste.rs"]
mod media_paste;
#[path = "e2e/media_preview.rs"]
mod media_preview;
#[path = "e2e/missed.rs"]
mod missed;
#[path = "e2e/perf.rs"]
mod perf;
#[path = "e2e/perf_desk.rs"]
mod perf_desk;
#[path = "e2e/perf_images.rs"]
mod perf_images;
#[path = "e2e/procs.rs"]
mod procs;
#[path = "e2e/publishing.rs"]
mod publishing;
#[path = "e2e/sample.rs"]
mod sample;
#[path = "e2e/screenshots.rs"]
mod screenshots;
#[path = "e2e/stale.rs"]
mod stale;
#[path = "e2e/steps.rs"]
mod steps;
#[path = "e2e/team.rs"]
mod team;
#[path = "e2e/team_calendar.rs"]
mod team_calendar;
#[path = "e2e/team_comments.rs"]
mod team_comments;
#[path = "e2e/team_desks.rs"]
mod team_desks;
#[path = "e2e/team_lists.rs"]
mod team_lists;
#[path = "e2e/team_media.rs"]
mod team_media;
#[path = "e2e/team_signin.rs"]
mod team_signin;
#[path = "../src-tauri/core/tests/support/team.rs"]
mod team_support;
#[path = "e2e/work.rs"]
mod work;
