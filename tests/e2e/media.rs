//! The Media screen in the real app: an image added through the system's file dialog (a GTK
//! file chooser answered with xdotool, as in import.rs), given alt text, and listed with its
//! thumbnail. With `VERDICT_E2E_SCREENSHOTS` set it also writes the README's media.png.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::harness::{until, Desk, WAIT};
use super::sample::HAIKU;
use super::steps::{self, click, text_is, text_where};

/// The dialog's window title (src-tauri/src/commands/media.rs).
const DIALOG_TITLE: &str = "Choose an image";

/// Drawings for the desk's images: shapes only (the intake refuses SVG text).
fn svg(body: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">{body}</svg>"#
    )
}

fn chart() -> String {
    svg(r##"<rect width="640" height="400" fill="#f4f1ea"/>
        <rect x="80" y="220" width="90" height="140" fill="#3b6fb6"/>
        <rect x="210" y="120" width="90" height="240" fill="#d9822b"/>
        <rect x="340" y="170" width="90" height="190" fill="#3b6fb6"/>
        <rect x="470" y="70" width="90" height="290" fill="#d9822b"/>"##)
}

pub(super) fn landscape() -> String {
    svg(
        r##"<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="#ffb86b"/><stop offset="1" stop-color="#f76e6e"/></linearGradient></defs>
        <rect width="640" height="400" fill="url(#sky)"/><circle cx="460" cy="170" r="60" fill="#fff3c4"/>
        <path d="M0 300 L180 180 L320 290 L460 200 L640 310 L640 400 L0 400 Z" fill="#4b3b5c"/>"##,
    )
}

pub(super) fn logo() -> String {
    r##"<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
        <rect width="256" height="256" rx="48" fill="#1f2a44"/>
        <circle cx="100" cy="128" r="56" fill="#5fd4a0"/><circle cx="156" cy="128" r="56" fill="#4aa3ff" opacity="0.85"/></svg>"##
        .to_string()
}

fn workbench() -> String {
    svg(r##"<rect width="640" height="400" fill="#e8eef6"/>
        <rect x="60" y="60" width="520" height="280" rx="16" fill="#ffffff" stroke="#9fb3cc" stroke-width="4"/>
        <rect x="90" y="90" width="200" height="220" rx="8" fill="#cfe0f5"/>
        <rect x="320" y="90" width="230" height="40" rx="6" fill="#7aa5d8"/>
        <rect x="320" y="150" width="230" height="40" rx="6" fill="#b7cde8"/>
        <rect x="320" y="210" width="160" height="40" rx="6" fill="#b7cde8"/>"##)
}

/// Three images already on the desk: a chart shown in a tool's description, a logo used as
/// the tool's logo, and an unused photo without alt text.
fn prepare(data: &Path) {
    use verdict_core::media::MediaText;
    let desk = verdict_core::Desk::open(data).expect("the desk opens");
    desk.seed_sample_if_empty().expect("the sample loads");
    desk.ensure_profiles().expect("the profiles");
    let add = |name: &str, body: String, alt: &str| {
        let text = MediaText {
            alt: Some(alt.into()),
            ..MediaText::default()
        };
        desk.add_media("editor", name, body.as_bytes(), &text)
            .expect("the image is added")
            .item
            .hash
    };
    let chart = add(
        "scores-by-task.svg",
        chart(),
        "Scores by task: the two tools side by side",
    );
    let logo = add("haiku-logo.svg", logo(), "Claude Haiku logo");
    add("sunset-hills.svg", landscape(), "");
    let mut tool = desk.tool(HAIKU).expect("the sample's tool");
    tool.description = format!("{}\n\n![Scores by task](media:{chart})", tool.description);
    tool.logo = Some(logo);
    desk.save_tool("editor", &tool)
        .expect("the tool shows the images");
}

#[tokio::test]
async fn an_image_added_through_the_file_dialog_gets_alt_text_and_a_thumbnail() {
    let desk = Desk::launch_prepared(
        "an_image_added_through_the_file_dialog_gets_alt_text_and_a_thumbnail",
        &[],
        prepare,
    )
    .await;
    let dir = tempfile::Builder::new()
        .prefix("verdict-e2e-media-")
        .tempdir()
        .expect("a folder for the image");
    let file = dir.path().join("workbench.svg");
    std::fs::write(&file, workbench()).expect("the image file");

    steps::open_screen(&desk, "media").await;
    text_is(&desk, "media-count", "3 images, 1 unused").await;
    click(&desk, "media-add").await;
    let window = dialog_window(&desk).await;
    choose_file(&desk, &window, &file).await;

    // The new image is chosen, its panel open, the alt field waiting.
    text_where(&desk, "media-notice", "to say it was added", |t| {
        t.contains("Added workbench.svg")
    })
    .await;
    text_is(&desk, "media-count", "4 images, 2 unused").await;
    let alt = desk.testid("media-alt").await;
    steps::fill(&desk, &alt, "The desk's tool editor, open on a tool").await;
    text_is(&desk, "media-save-status", "Saved").await;

    // The core has it, and the grid shows its thumbnail (a WebP drawn from the SVG).
    let data = desk.data_dir();
    until("the alt text to be stored", WAIT, || {
        let data = data.clone();
        async move {
            let d = verdict_core::Desk::open(&data).map_err(|e| e.to_string())?;
            let list = d.media_list().map_err(|e| e.to_string())?;
            let item = list
                .iter()
                .find(|i| i.original_name == "workbench.svg")
                .ok_or("no workbench.svg on the desk")?;
            if item.alt == "The desk's tool editor, open on a tool" {
                Ok(())
            } else {
                Err(format!("its alt text is {:?}", item.alt))
            }
        }
    })
    .await;
    let thumb = desk
        .script(
            "const tile = [...document.querySelectorAll('[data-testid=\"media-tile\"]')]\
               .find((t) => t.textContent.includes('workbench.svg'));\
             const img = tile && tile.querySelector('img');\
             return img ? [img.getAttribute('src').slice(0, 22), img.naturalWidth] : null;",
            vec![],
        )
        .await;
    assert_eq!(
        thumb[0], "data:image/webp;base64",
        "the tile's thumbnail: {thumb}"
    );
    assert!(
        thumb[1].as_u64().unwrap_or(0) > 0,
        "the thumbnail is drawn: {thumb}"
    );
    let no_alt = desk
        .script(
            "return document.querySelectorAll('[data-testid=\"media-no-alt\"]').length",
            vec![],
        )
        .await;
    assert_eq!(no_alt, 1, "only the photo without alt text is marked");

    if let Some(dir) = std::env::var_os("VERDICT_E2E_SCREENSHOTS") {
        let dir = std::path::PathBuf::from(dir);
        // Filling the alt field scrolled the screen; the shot shows it from its heading.
        desk.script("document.querySelector('main').scrollTop = 0", vec![])
            .await;
        super::work::shot(&desk, &dir, "media.png").await;
    }
}

/// The X window id of the file dialog, once it is mapped on the app's display.
pub(super) async fn dialog_window(desk: &Desk) -> String {
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

/// Types `file` into the dialog's location field and presses Enter until it closes.
pub(super) async fn choose_file(desk: &Desk, window: &str, file: &Path) {
    let path = file.to_str().expect("a UTF-8 path");
    xdotool(desk, &["windowactivate", "--sync", window])
        .or_else(|_| xdotool(desk, &["windowfocus", "--sync", window]))
        .unwrap_or_else(|e| panic!("cannot focus the file dialog: {e}"));
    xdotool(desk, &["key", "--clearmodifiers", "ctrl+l"]).unwrap();
    xdotool(desk, &["type", "--delay", "5", path]).unwrap();
    let last = std::cell::Cell::new(None::<std::time::Instant>);
    until("the file dialog to take the file and close", WAIT, || {
        let due = last
            .get()
            .is_none_or(|at| at.elapsed() >= Duration::from_millis(600));
        let last = &last;
        async move {
            let open = xdotool(desk, &["search", "--onlyvisible", "--name", DIALOG_TITLE])
                .is_ok_and(|out| !out.trim().is_empty());
            if !open {
                return Ok(());
            }
            if due {
                last.set(Some(std::time::Instant::now()));
                xdotool(desk, &["key", "--window", window, "Return"])?;
            }
            Err("it is still open".to_string())
        }
    })
    .await;
}

/// Runs xdotool on the app's display; its standard output, or why it failed.
fn xdotool(desk: &Desk, args: &[&str]) -> Result<String, String> {
    let out = Command::new(verdict_testkit::program("xdotool"))
        .args(args)
        .env("DISPLAY", desk.display_name())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run xdotool ({e})"))?;
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
