//! Hostile input through the desk's entry points (the ones the IPC commands and the CLI
//! call): huge fields, deeply nested Markdown, control characters, markup in every field.
//! Each must end in a clear refusal naming the field, or in safe output; never a panic,
//! a stack overflow or a hang, and a refusal changes nothing.

use verdict_core::{ApiError, Desk};

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

fn fingerprint(desk: &Desk) -> String {
    desk.store().content_fingerprint().unwrap()
}

/// Markdown nested far deeper than any person writes, of each kind that nests.
fn nested_markdown() -> Vec<(&'static str, String)> {
    vec![
        ("blockquotes", ">".repeat(20_000) + " deep"),
        (
            "lists",
            (0..5_000)
                .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
                .collect(),
        ),
        ("emphasis", "*".repeat(30_000) + "x" + &"*".repeat(30_000)),
        (
            "links",
            "[".repeat(20_000) + "x" + &"](http://a)".repeat(20_000),
        ),
        (
            "html",
            "<div>".repeat(20_000) + "x" + &"</div>".repeat(20_000),
        ),
    ]
}

#[test]
fn deeply_nested_markdown_renders_without_overflowing_the_stack() {
    let (_dir, desk) = desk();
    let mut draft = desk.comparison(SLUG).unwrap();
    for (kind, md) in nested_markdown() {
        draft.intro = md;
        let started = std::time::Instant::now();
        // The default 2 MiB test-thread stack is what the app's command threads have too.
        let preview = desk
            .preview_draft(&draft)
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert!(preview.html.contains("Reviewer scorecard"), "{kind}");
        eprintln!("{kind}: rendered in {:?}", started.elapsed());
    }
}

#[test]
fn a_megabyte_field_is_refused_by_name_and_changes_nothing_but_still_previews() {
    let (_dir, desk) = desk();
    let before = fingerprint(&desk);
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.description = "word ".repeat(200_000);
    let err = ApiError::from(desk.save_tool("editor", &tool).unwrap_err());
    assert_eq!(
        (err.code, err.field.as_deref()),
        (verdict_core::ErrorCode::Invalid, Some("description"))
    );
    assert!(err.message.contains("limit"), "{}", err.message);

    tool.description = "A".into();
    tool.name = "x".repeat(1_000_000);
    let err = ApiError::from(desk.save_tool("editor", &tool).unwrap_err());
    assert_eq!(err.field.as_deref(), Some("name"));
    assert_eq!(fingerprint(&desk), before);

    // The preview of an unsaved megabyte still renders (and says what is wrong).
    let preview = desk.preview_tool(&tool).unwrap();
    assert!(preview.problems.iter().any(|p| p.field == "name"));
    let mut draft = desk.comparison(SLUG).unwrap();
    draft.intro = "lorem ipsum ".repeat(90_000);
    assert!(desk.preview_draft(&draft).unwrap().html.len() > 1_000_000);
}

#[test]
fn control_characters_are_refused_in_single_line_fields() {
    let (_dir, desk) = desk();
    let before = fingerprint(&desk);
    let mut page = desk.comparison(SLUG).unwrap();
    for bad in ["Title\u{0}", "Ti\u{1b}[31mtle", "Two\nlines", "Bell\u{7}"] {
        page.title = bad.into();
        let err = ApiError::from(desk.save_comparison("editor", &page).unwrap_err());
        assert_eq!(
            err.field.as_deref(),
            Some("title"),
            "{bad:?}: {}",
            err.message
        );
    }
    let mut reviewer = desk.reviewer("sam-skeptic").unwrap();
    reviewer.persona = "Skeptic\u{202e}".into();
    reviewer.bio = "ok\u{0}".into();
    let err = ApiError::from(desk.save_reviewer("editor", &reviewer).unwrap_err());
    assert_eq!(err.code, "invalid");
    assert_eq!(fingerprint(&desk), before);
}

#[test]
fn markup_in_every_tool_field_stays_inert_on_the_tool_page() {
    let (_dir, desk) = desk();
    let payload = r#"<script>alert(1)</script><img src=x onerror=alert(2)>"#;
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.name = payload.into();
    tool.vendor = payload.into();
    tool.category = payload.into();
    tool.tagline = payload.into();
    tool.license = payload.into();
    tool.description = format!("{payload}\n\n[x](javascript:alert(3)) <iframe src=//evil>");
    let html = desk.preview_tool(&tool).unwrap().html;
    let lower = html.to_lowercase();
    assert!(
        !lower.contains("<script>alert"),
        "a script element survived"
    );
    assert!(
        !lower.contains("<img src=x onerror"),
        "an event handler survived"
    );
    assert!(
        !lower.contains("javascript:alert"),
        "a javascript: link survived"
    );
    assert!(!lower.contains("<iframe"), "an iframe survived");
    assert!(
        html.contains("&lt;script&gt;"),
        "the text should show, escaped"
    );
}

#[test]
fn a_bundle_file_that_is_not_utf8_or_not_json_is_refused_clearly() {
    let (dir, desk) = desk();
    let before = fingerprint(&desk);
    for (name, bytes) in [
        (
            "latin1.json",
            b"{\"format\": \"verdict-desk-bundle\", \"x\": \"\xe9\"}".to_vec(),
        ),
        ("empty.json", Vec::new()),
        ("nested.json", "[".repeat(100_000).into_bytes()),
        ("binary.json", (0..=255u8).cycle().take(4096).collect()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = ApiError::from(desk.import_file(&path).unwrap_err());
        assert_eq!(err.code, "bad_bundle", "{name}: {}", err.message);
        assert!(!err.message.is_empty());
    }
    assert_eq!(fingerprint(&desk), before);
}
