//! The README's screenshots, taken from the real app:
//!
//! ```text
//! npm --prefix ui run build
//! VERDICT_E2E_SCREENSHOTS=docs/screenshots cargo test --workspace \
//!   --features verdict-desk/custom-protocol --test e2e screenshots -- --ignored
//! ```
//!
//! (The team screens, My work and Publishing are written by their own journeys with the same
//! variable.) Ignored in the ordinary run: it checks nothing the other journeys do not.

use super::harness::{until, Desk, WAIT};
use super::sample::{HAIKU, SLUG};
use super::steps::{self, click};
use super::work::shot;

#[tokio::test]
#[ignore = "writes the README's screenshots; run with VERDICT_E2E_SCREENSHOTS=<dir>"]
async fn readme_screenshots() {
    let Some(dir) = std::env::var_os("VERDICT_E2E_SCREENSHOTS").map(std::path::PathBuf::from)
    else {
        panic!("set VERDICT_E2E_SCREENSHOTS to the folder the screenshots go to");
    };
    let desk = Desk::launch_prepared("readme_screenshots", &[], super::work::prepare).await;

    steps::open_screen(&desk, "comparisons").await;
    desk.testid(&format!("comparison-row-{SLUG}")).await;
    shot(&desk, &dir, "comparisons.png").await;

    click(&desk, &format!("comparison-row-{SLUG}")).await;
    desk.testid("page-preview").await;
    shot(&desk, &dir, "comparison-editor.png").await;
    click(&desk, "preview-width-phone").await;
    shot(&desk, &dir, "comparison-editor-phone.png").await;
    click(&desk, "preview-width-desktop").await;

    // The dek changes; the published page goes stale; the history shows the change.
    let dek = desk
        .session()
        .find(thirtyfour::By::Id("ed-dek"))
        .await
        .expect("the dek field");
    steps::fill(
        &desk,
        &dek,
        "Which one should you ship with? The panel, the price and the crowd, side by side.",
    )
    .await;
    click(&desk, "history-button").await;
    let history = &desk.testid("history-section").await;
    until(
        "the history to show the new revision",
        WAIT,
        move || async move {
            let text = history.text().await.map_err(|e| e.to_string())?;
            if text.contains("Revision 2") {
                Ok(())
            } else {
                Err(format!("it reads {text:?}"))
            }
        },
    )
    .await;
    shot(&desk, &dir, "history.png").await;
    click(&desk, "back-button").await;

    steps::open_screen(&desk, "tools").await;
    click(&desk, &format!("tool-open-{HAIKU}")).await;
    desk.testid("tool-field-tagline").await;
    shot(&desk, &dir, "tool-editor.png").await;

    steps::open_screen(&desk, "reviewers").await;
    desk.testid("reviewers-panel-panel").await;
    shot(&desk, &dir, "reviewers.png").await;
    // A reviewer's form: the bio takes comments on its words, as a description does.
    click(&desk, "reviewer-row-devon-dx").await;
    desk.testid("comments-panel").await;
    steps::scroll_to(&desk, "comments-panel", "end").await;
    shot(&desk, &dir, "reviewer-editor.png").await;
    click(&desk, "reviewer-back").await;
    desk.testid("reviewers-panel-panel").await;
    click(&desk, "reviewers-tab-coverage").await;
    desk.testid("reviewers-panel-coverage").await;
    shot(&desk, &dir, "coverage.png").await;

    // Devon writes the verdict My work asks of them.
    steps::work_as(&desk, "devon-dx", "Devon Reyes").await;
    steps::open_screen(&desk, "work").await;
    click(&desk, "work-open").await;
    desk.testid("verdict-quote").await;
    shot(&desk, &dir, "verdict-form.png").await;

    steps::work_as(&desk, "editor", "Editor").await;
    steps::open_screen(&desk, "settings").await;
    desk.testid("settings-profiles").await;
    shot(&desk, &dir, "settings.png").await;
    click(&desk, "appearance-dark").await;
    steps::open_screen(&desk, "comparisons").await;
    click(&desk, &format!("comparison-row-{SLUG}")).await;
    desk.testid("page-preview").await;
    shot(&desk, &dir, "comparison-editor-dark.png").await;
    steps::open_screen(&desk, "settings").await;
    click(&desk, "appearance-system").await;
}

/// Two flat SVG logos and a drawing for the intro: vector, so no encoder is needed here.
const HAIKU_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256"><rect width="256" height="256" rx="56" fill="#d97757"/><path d="M128 44 L146 110 L212 128 L146 146 L128 212 L110 146 L44 128 L110 110 Z" fill="#fff5ec"/></svg>"##;
const LLAMA_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256"><rect width="256" height="256" rx="56" fill="#1f4fd1"/><circle cx="96" cy="128" r="52" fill="#8fd3ff"/><circle cx="160" cy="128" r="52" fill="#ffffff" opacity="0.85"/></svg>"##;
const BENCH: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="960" height="300" viewBox="0 0 960 300"><rect width="960" height="300" fill="#eef2f8"/><rect x="80" y="60" width="380" height="56" rx="8" fill="#d97757"/><rect x="80" y="150" width="700" height="56" rx="8" fill="#1f4fd1"/><rect x="60" y="40" width="4" height="190" fill="#4d5560"/></svg>"##;

/// The sample desk with a logo on each tool and a chart in the page's intro.
fn prepare_logos(data: &std::path::Path) {
    use verdict_core::media::MediaText;
    use verdict_core::store::SaveCtx;
    let desk = verdict_core::Desk::open(data).expect("the desk opens");
    desk.seed_sample_if_empty().expect("the sample loads");
    desk.ensure_profiles().expect("the profiles");
    let add = |name: &str, svg: &str, alt: &str| {
        desk.add_media(
            "editor",
            name,
            svg.as_bytes(),
            &MediaText {
                alt: Some(alt.into()),
                ..MediaText::default()
            },
        )
        .expect("the image is taken")
        .item
        .hash
    };
    let haiku = add("haiku.svg", HAIKU_LOGO, "Claude Haiku logo");
    let llama = add("llama.svg", LLAMA_LOGO, "Llama logo");
    let chart = add(
        "latency.svg",
        BENCH,
        "Median latency: Claude Haiku about half of Llama 4 Scout",
    );
    desk.set_tool_logo("editor", HAIKU, &haiku)
        .expect("Haiku's logo");
    desk.set_tool_logo("editor", super::sample::LLAMA, &llama)
        .expect("Llama's logo");
    let mut page = desk
        .store()
        .comparisons()
        .expect("the pages")
        .into_iter()
        .find(|c| c.slug == SLUG)
        .expect("the sample page");
    page.intro = format!("{}\n\n![](media:{chart})\n", page.intro.trim_end());
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .expect("the intro is saved");
}

/// The comparison page with its tools' logos in the editor's live preview, for the README.
#[tokio::test]
#[ignore = "writes a README screenshot; run with VERDICT_E2E_SCREENSHOTS=<dir>"]
async fn readme_page_with_logos() {
    let Some(dir) = std::env::var_os("VERDICT_E2E_SCREENSHOTS").map(std::path::PathBuf::from)
    else {
        panic!("set VERDICT_E2E_SCREENSHOTS to the folder the screenshots go to");
    };
    let desk = Desk::launch_prepared("readme_page_with_logos", &[], prepare_logos).await;
    steps::open_screen(&desk, "comparisons").await;
    desk.testid(&format!("comparison-row-{SLUG}")).await;
    click(&desk, &format!("comparison-row-{SLUG}")).await;
    desk.testid("page-preview").await;
    // The preview draws both logos and the chart from the app's media protocol; then the
    // tools' cards are scrolled into view.
    let drawn = r#"
        const frame = document.querySelector('[data-testid="page-preview"]');
        const doc = frame && frame.contentDocument;
        if (!doc || !doc.body) return -1;
        return [...doc.querySelectorAll('img')].filter((i) => i.complete && i.naturalWidth > 0).length;
    "#;
    until(
        "the preview to draw the logos and the chart",
        WAIT,
        || async {
            let n = desk.script(drawn, vec![]).await.as_i64().unwrap_or(-1);
            if n >= 3 {
                Ok(())
            } else {
                Err(format!("{n} images drawn"))
            }
        },
    )
    .await;
    desk.script(
        r#"const doc = document.querySelector('[data-testid="page-preview"]').contentDocument;
           const chart = doc.querySelector('.intro img');
           doc.defaultView.scrollTo(0, Math.max(0, chart.getBoundingClientRect().top + doc.defaultView.scrollY - 24));
           return true;"#,
        vec![],
    )
    .await;
    shot(&desk, &dir, "comparison-editor-logos.png").await;

    // The lists show the logos too.
    steps::open_screen(&desk, "tools").await;
    until("the tools table to show both logos", WAIT, || async {
        let n = desk
            .script(
                "return [...document.querySelectorAll('img[data-testid=\"tool-logo\"]')]\
                 .filter((i) => i.complete && i.naturalWidth > 0).length;",
                vec![],
            )
            .await
            .as_i64()
            .unwrap_or(0);
        if n == 2 {
            Ok(())
        } else {
            Err(format!("{n} logos drawn"))
        }
    })
    .await;
    shot(&desk, &dir, "tools-logos.png").await;
}

/// The sample desk with a week to plan: the draft page assigned and due, another page
/// scheduled, and a comment thread on the sample page's dek with a reply.
fn prepare_planning(data: &std::path::Path) {
    use chrono::{Duration, Utc};
    use verdict_core::comments::{CommentTarget, NewComment};
    use verdict_core::desk::Assignment;
    use verdict_core::model::{ComparisonStatus, EntityKind};
    use verdict_core::store::SaveCtx;

    super::work::prepare(data);
    let desk = verdict_core::Desk::open(data).expect("the desk opens");
    let today = Utc::now().date_naive();
    let draft = "claude-haiku-open-weights-vs-mistral-small-4";
    desk.assign(
        "editor",
        draft,
        &Assignment {
            assignee: Some("editor".into()),
            due: Some((today + Duration::days(3)).to_string()),
            verdicts_due: Some((today + Duration::days(2)).to_string()),
        },
    )
    .expect("the draft is assigned");
    let mut page = desk.comparison(draft).expect("the draft");
    page.status = ComparisonStatus::Scheduled;
    page.scheduled_for = Some(Utc::now() + Duration::days(5));
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .expect("the page is scheduled");

    let dek = desk.comparison(SLUG).expect("the sample page").dek;
    let words = dek.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    let at = dek.find(&words).expect("the dek's first words");
    let start = dek[..at].encode_utf16().count() as u32;
    let thread = desk
        .add_comment(
            "editor",
            &NewComment {
                target: CommentTarget {
                    kind: EntityKind::Comparison,
                    key: SLUG.into(),
                    field: "dek".into(),
                },
                start,
                end: start + words.encode_utf16().count() as u32,
                body: "@devon-dx does this still hold after Llama's price change?".into(),
            },
        )
        .expect("the comment is added");
    desk.reply_comment(
        "devon-dx",
        &thread.id,
        "It does: the panel read the new price on Tuesday.",
    )
    .expect("the reply is added");
}

#[tokio::test]
#[ignore = "writes the README's screenshots; run with VERDICT_E2E_SCREENSHOTS=<dir>"]
async fn readme_planning_screenshots() {
    let Some(dir) = std::env::var_os("VERDICT_E2E_SCREENSHOTS").map(std::path::PathBuf::from)
    else {
        panic!("set VERDICT_E2E_SCREENSHOTS to the folder the screenshots go to");
    };
    let desk = Desk::launch_prepared("readme_planning", &[], prepare_planning).await;

    steps::open_screen(&desk, "calendar").await;
    desk.testid("calendar-entry").await;
    shot(&desk, &dir, "calendar.png").await;

    steps::open_screen(&desk, "comparisons").await;
    click(&desk, &format!("comparison-row-{SLUG}")).await;
    desk.testid("comment-thread").await;
    steps::scroll_to(&desk, "comments-panel", "start").await;
    shot(&desk, &dir, "comments.png").await;
    // The thread's words, highlighted in the field itself.
    steps::scroll_to(&desk, "field-dek", "center").await;
    shot(&desk, &dir, "comment-highlight.png").await;
}
