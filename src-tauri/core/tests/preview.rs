//! Previews from unsaved form state: the same renderer, nothing saved, checks alongside.

use verdict_core::model::EntityKind;
use verdict_core::store::SaveCtx;

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

#[test]
fn a_draft_preview_shows_unsaved_changes_and_saves_nothing() {
    let (_dir, desk) = desk();
    // The sample's prices stay fresh whatever day this runs: the page has no checks at all.
    let site = verdict_core::model::SiteSettings {
        price_recheck_days: Some(3650),
        ..desk.store().site().unwrap()
    };
    desk.store()
        .save_site(&verdict_core::store::SaveCtx::unattributed(), &site)
        .unwrap();
    let saved = desk.store().comparison(SLUG).unwrap().unwrap();
    let mut draft = saved.clone();
    draft.title = "Haiku against Scout, <em>unsaved</em>".into();
    let preview = desk.preview_draft(&draft).unwrap();
    // Escaped by the template engine (which also escapes "/"), never markup.
    assert!(preview
        .html
        .contains("Haiku against Scout, &lt;em&gt;unsaved"));
    assert!(!preview.html.contains("<em>unsaved"));
    assert!(preview.html.contains("50%") && preview.html.contains("100%"));
    assert!(preview.checks.is_empty(), "{:#?}", preview.checks);
    assert_eq!(desk.store().comparison(SLUG).unwrap().unwrap(), saved);
    assert_eq!(desk.history(EntityKind::Comparison, SLUG).unwrap().len(), 1);
    // The saved page is what the saved preview shows.
    assert_eq!(
        desk.preview_comparison(SLUG).unwrap(),
        verdict_core::render::render_saved(&desk.store(), SLUG, "html").unwrap()
    );
}

#[test]
fn an_incomplete_draft_still_previews_with_its_problems_listed() {
    let (_dir, desk) = desk();
    let mut draft = desk.store().comparison(SLUG).unwrap().unwrap();
    draft.slug = "new-page".into();
    draft.tools = vec!["claude-haiku-open-weights".into(), "not-yet-a-tool".into()];
    draft.dek.clear();
    let preview = desk.preview_draft(&draft).unwrap();
    assert!(preview.html.contains("Claude Haiku Open Weights"));
    let codes: Vec<&str> = preview.checks.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.contains(&"missing_tool"), "{codes:?}");
    assert!(codes.contains(&"empty_field"), "{codes:?}");
}

#[test]
fn a_save_is_seen_by_the_next_preview() {
    let (_dir, desk) = desk();
    let before = desk.preview_comparison(SLUG).unwrap();
    let mut tool = desk
        .store()
        .tool("llama-4-scout-quantized")
        .unwrap()
        .unwrap();
    tool.tagline = "Scout on your own laptop".into();
    desk.store()
        .save_tool(&SaveCtx::unattributed(), &tool)
        .unwrap();
    let after = desk.preview_comparison(SLUG).unwrap();
    assert!(!before.contains("Scout on your own laptop"));
    assert!(after.contains("Scout on your own laptop"));
}

#[test]
fn saving_an_edit_keeps_the_workflow_state_and_a_revision() {
    let (_dir, desk) = desk();
    let mut edited = desk.comparison(SLUG).unwrap();
    let published_at = edited.published_at;
    edited.dek = "A sharper dek.".into();
    // A form cannot publish or unpublish by editing the status field.
    edited.status = verdict_core::model::ComparisonStatus::Draft;
    edited.published_at = None;
    let saved = desk.save_comparison("editor", &edited).unwrap();
    assert_eq!(
        saved.status,
        verdict_core::model::ComparisonStatus::Published
    );
    assert_eq!(saved.published_at, published_at);
    assert_eq!(desk.comparison(SLUG).unwrap().dek, "A sharper dek.");
    assert_eq!(desk.history(EntityKind::Comparison, SLUG).unwrap().len(), 2);

    // An invalid edit names its field and changes nothing.
    edited.title.clear();
    let err: verdict_core::ApiError = desk.save_comparison("editor", &edited).unwrap_err().into();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (verdict_core::ErrorCode::Invalid, Some("title"))
    );
    assert_eq!(desk.comparison(SLUG).unwrap().dek, "A sharper dek.");
}
