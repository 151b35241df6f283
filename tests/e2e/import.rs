//! Importing a bundle through the real system file dialog (a GTK file chooser, opened from
//! Rust by the `choose_bundle_file` command). WebDriver cannot reach that dialog, so the
//! journey answers it the way a person would, with the keyboard, through xdotool on the
//! app's X display: Ctrl+L, the file's path, Enter.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use super::harness::{until, Desk, WAIT};
use super::sample::{self, TITLE};
use super::steps::{self, click, text_where};

/// The dialog's window title (src-tauri/src/commands/files.rs).
const DIALOG_TITLE: &str = "Import a bundle";
/// How long the dialog gets to close after an Enter before it gets another one.
const ENTER_AGAIN: Duration = Duration::from_millis(600);

#[tokio::test]
async fn a_bad_bundle_chosen_in_the_file_dialog_is_refused_with_its_problem() {
    let desk =
        Desk::launch("a_bad_bundle_chosen_in_the_file_dialog_is_refused_with_its_problem").await;
    let before = sidebar_counts(&desk).await;

    // Valid JSON, a valid bundle but for one thing: its tool has no name.
    let dir = tempfile::Builder::new()
        .prefix("verdict-e2e-bundle-")
        .tempdir()
        .expect("a folder for the bundle");
    let bundle = dir.path().join("bad-bundle.json");
    let bad = json!({
        "format": "verdict-desk-bundle",
        "version": 1,
        "tools": [{
            "slug": "nameless-tool",
            "vendor": "Nobody",
            "category": "Developer Tools",
            "tagline": "A tool without a name",
            "description": "It has everything but a name.",
            "entry_price": { "kind": "free" },
            "license": "MIT",
            "links": { "homepage": null, "weights": null, "docs": null },
            "release_date": null,
            "pricing_checked_on": null
        }]
    });
    std::fs::write(&bundle, serde_json::to_vec_pretty(&bad).unwrap()).expect("the bundle file");

    // Settings → Import bundle… opens the system's file dialog; answer it.
    steps::open_screen(&desk, "settings").await;
    click(&desk, "import-bundle").await;
    let window = dialog_window(&desk).await;
    choose_file(&desk, &window, &bundle).await;

    // The refusal names the problem: the tool, and its missing field.
    let error = text_where(&desk, "data-error", "to explain the refusal", |t| {
        !t.is_empty()
    })
    .await;
    assert!(
        error.contains("tools[0]") && error.contains("missing field `name`"),
        "the import error does not name the tool and its missing name: {error:?}"
    );
    assert!(
        error.contains("nothing was changed") || error.contains("refused"),
        "the import error does not say that nothing was imported: {error:?}"
    );
    assert!(
        desk.session()
            .find(thirtyfour::By::Css(super::harness::css_testid(
                "data-notice"
            )))
            .await
            .is_err(),
        "an import notice shows next to the error"
    );

    // Nothing changed: the same counts, and the desk still lists the sample.
    assert_eq!(sidebar_counts(&desk).await, before, "the sidebar's counts");
    steps::open_screen(&desk, "comparisons").await;
    sample::row(&desk, TITLE).await;
    steps::open_screen(&desk, "tools").await;
    assert!(
        desk.session()
            .find(thirtyfour::By::Css(super::harness::css_testid(
                "tool-row-nameless-tool"
            )))
            .await
            .is_err(),
        "the nameless tool was imported"
    );
    assert_eq!(sidebar_counts(&desk).await, before, "the sidebar's counts");
}

/// The sidebar's item counts: comparisons, tools, reviewers.
async fn sidebar_counts(desk: &Desk) -> Vec<String> {
    let mut counts = Vec::new();
    for screen in ["comparisons", "tools", "reviewers"] {
        let el = desk.testid(&format!("nav-{screen}-count")).await;
        counts.push(desk.text(&el).await.unwrap());
    }
    counts
}

/// The X window id of the file dialog, once it is mapped on the app's display.
async fn dialog_window(desk: &Desk) -> String {
    until(
        &format!("the file dialog {DIALOG_TITLE:?} to open"),
        WAIT,
        || async {
            let out = xdotool(desk, &["search", "--onlyvisible", "--name", DIALOG_TITLE])?;
            out.lines()
                .next()
                .map(str::to_string)
                .ok_or_else(|| "no such window yet".to_string())
        },
    )
    .await
}

/// Types `file` into the file dialog `window`'s location field and presses Enter; waits
/// until the dialog has closed.
async fn choose_file(desk: &Desk, window: &str, file: &Path) {
    let path = file.to_str().expect("a UTF-8 path");
    // No window manager runs on the test's display: give the dialog the keyboard focus.
    xdotool(desk, &["windowactivate", "--sync", window])
        .or_else(|_| xdotool(desk, &["windowfocus", "--sync", window]))
        .unwrap_or_else(|e| panic!("cannot focus the file dialog: {e}"));
    xdotool(desk, &["key", "--clearmodifiers", "ctrl+l"]).unwrap();
    xdotool(desk, &["type", "--delay", "5", path]).unwrap();
    // Enter, addressed to the dialog so that it never reaches the app once the dialog is
    // gone. The first one may only take the location field's completion: Enter again,
    // until the dialog closes.
    let last_press = std::cell::Cell::new(None::<Instant>);
    until("the file dialog to take the file and close", WAIT, || {
        let due = match last_press.get() {
            Some(at) => at.elapsed() >= ENTER_AGAIN,
            None => true,
        };
        let last_press = &last_press;
        async move {
            if !dialog_open(desk) {
                return Ok(());
            }
            if due {
                last_press.set(Some(Instant::now()));
                xdotool(desk, &["key", "--window", window, "Return"])?;
            }
            Err("it is still open".to_string())
        }
    })
    .await;
}

/// Whether the file dialog is still on the screen.
fn dialog_open(desk: &Desk) -> bool {
    // xdotool exits non-zero when it finds nothing.
    xdotool(desk, &["search", "--onlyvisible", "--name", DIALOG_TITLE])
        .is_ok_and(|out| !out.trim().is_empty())
}

/// Runs xdotool on the app's display; its standard output, or why it failed.
fn xdotool(desk: &Desk, args: &[&str]) -> Result<String, String> {
    let mut child = Command::new(verdict_testkit::program("xdotool"))
        .args(args)
        .env("DISPLAY", desk.display_name())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run xdotool ({e}): install the `xdotool` package"))?;
    // `--sync` waits for the X server; never for ever.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("xdotool {args:?} did not finish within 10 s"));
            }
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "xdotool {args:?}: {} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
