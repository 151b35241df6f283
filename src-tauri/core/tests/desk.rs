//! The desk's operations behind the app's screens: tools, reviewers, verdicts, coverage,
//! history with restore, profiles, site settings and stale tracking. Every change goes
//! through a role check; every refusal changes nothing.

use verdict_core::desk::{DiffPartKind, VerdictDraft};
use verdict_core::model::{Call, EntityKind, EntryPrice, PricePeriod, VerdictStatus};
use verdict_core::store::SaveCtx;
use verdict_core::workflow::{PageAction, Profile, Role, VerdictAction, WorkflowError};
use verdict_core::{Desk, DeskError};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";
const SCOUT: &str = "llama-4-scout-quantized";

/// A desk holding the sample content and its default profiles (editor, publisher, and one
/// reviewer profile per reviewer, named after the reviewer).
fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    assert_eq!(desk.ensure_profiles().unwrap(), 6);
    (dir, desk)
}

fn fingerprint(desk: &Desk) -> String {
    desk.store().content_fingerprint().unwrap()
}

fn forbidden<T: std::fmt::Debug>(result: Result<T, DeskError>) {
    match result {
        Err(DeskError::Workflow(WorkflowError::NotAllowed { .. })) => {}
        other => panic!("expected a role refusal, got {other:?}"),
    }
}

#[test]
fn default_profiles_cover_every_role_and_are_created_once() {
    let (_dir, desk) = desk();
    let profiles = desk.profiles().unwrap();
    for role in [Role::Editor, Role::Reviewer, Role::Publisher] {
        assert!(profiles.iter().any(|p| p.has(role)), "no {role} profile");
    }
    let sam = profiles.iter().find(|p| p.slug == "sam-skeptic").unwrap();
    assert_eq!(sam.reviewer.as_deref(), Some("sam-skeptic"));
    assert_eq!(desk.ensure_profiles().unwrap(), 0);
    assert_eq!(desk.profiles().unwrap().len(), 6);
}

#[test]
fn an_editor_saves_a_tool_and_others_are_refused_without_a_change() {
    let (_dir, desk) = desk();
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.tagline = "Small, open and fast".into();
    tool.entry_price = EntryPrice::Amount {
        amount_cents: 2000,
        currency: "USD".into(),
        period: PricePeriod::Month,
    };
    let before = fingerprint(&desk);
    forbidden(desk.save_tool("publisher", &tool));
    forbidden(desk.save_tool("sam-skeptic", &tool));
    assert!(matches!(
        desk.save_tool("nobody", &tool),
        Err(DeskError::Store(verdict_core::StoreError::NotFound { .. }))
    ));
    assert_eq!(fingerprint(&desk), before);

    desk.save_tool("editor", &tool).unwrap();
    assert_eq!(desk.tool(HAIKU).unwrap(), tool);
    let page = verdict_core::render::render_saved(&desk.store(), SLUG, "json").unwrap();
    assert!(page.contains(r#""entry": "$20/mo""#), "{page}");
}

#[test]
fn tool_preview_renders_the_draft_names_problems_and_lists_pages_that_go_stale() {
    let (_dir, desk) = desk();
    let before = fingerprint(&desk);
    let mut draft = desk.tool(HAIKU).unwrap();
    draft.tagline = "A tagline typed just now".into();
    let preview = desk.preview_tool(&draft).unwrap();
    assert!(preview.html.contains("A tagline typed just now"));
    assert!(preview.problems.is_empty());
    assert_eq!(preview.pages.len(), 1);
    assert_eq!(preview.pages[0].slug, SLUG);
    assert!(preview.pages[0].goes_stale, "the sample page is published");

    draft.name = "  ".into();
    draft.links.homepage = Some("javascript:alert(1)".into());
    let preview = desk.preview_tool(&draft).unwrap();
    let fields: Vec<&str> = preview.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"name"), "{fields:?}");
    assert!(fields.contains(&"links.homepage"), "{fields:?}");
    assert_eq!(fingerprint(&desk), before, "a preview saves nothing");
}

#[test]
fn a_published_page_goes_stale_when_a_tool_it_shows_changes_and_fresh_after_republishing() {
    let (_dir, desk) = desk();
    let summary = |desk: &Desk| {
        desk.overview()
            .unwrap()
            .comparisons
            .into_iter()
            .find(|c| c.slug == SLUG)
            .unwrap()
    };
    assert!(
        !summary(&desk).stale,
        "the page as imported is what was published"
    );

    // A tool the page does not show leaves it fresh.
    let mut other = desk.tool(SCOUT).unwrap();
    other.slug = "unrelated-tool".into();
    other.name = "Unrelated Tool".into();
    desk.create_tool("editor", &other).unwrap();
    assert!(!summary(&desk).stale);

    let mut tool = desk.tool(SCOUT).unwrap();
    tool.tagline = "Now with a longer context".into();
    desk.save_tool("editor", &tool).unwrap();
    assert!(summary(&desk).stale);

    desk.page_action("publisher", SLUG, PageAction::Unpublish)
        .unwrap();
    assert!(!summary(&desk).stale, "an unpublished page is not stale");
    desk.page_action("publisher", SLUG, PageAction::Publish)
        .unwrap();
    assert!(!summary(&desk).stale);
}

#[test]
fn a_reviewer_writes_and_submits_their_own_verdict_and_an_editor_returns_it() {
    let (_dir, desk) = desk();
    // Free a verdict for writing: the editor returns it through the workflow.
    let sam = |quote: &str| VerdictDraft {
        reviewer: "sam-skeptic".into(),
        tool: HAIKU.into(),
        call: Call::Ship,
        quote: quote.into(),
    };
    let before = fingerprint(&desk);
    match desk.save_verdict("sam-skeptic", &sam("changed")) {
        Err(DeskError::Workflow(WorkflowError::WrongState { .. })) => {}
        other => panic!("an accepted verdict is locked, got {other:?}"),
    }
    forbidden(desk.save_verdict("devon-dx", &sam("not mine")));
    forbidden(desk.save_verdict("editor", &sam("an editor does not write verdicts")));
    assert_eq!(fingerprint(&desk), before);

    // A new tool with no verdicts yet: Sam writes one from scratch.
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.slug = "new-tool".into();
    tool.name = "New Tool".into();
    desk.create_tool("editor", &tool).unwrap();
    let draft = VerdictDraft {
        tool: "new-tool".into(),
        ..sam("")
    };
    let v = desk.save_verdict("sam-skeptic", &draft).unwrap();
    assert_eq!(v.status, VerdictStatus::Draft);
    let refused = desk.verdict_action(
        "sam-skeptic",
        "sam-skeptic",
        "new-tool",
        &VerdictAction::Submit,
    );
    assert!(matches!(
        refused,
        Err(DeskError::Workflow(WorkflowError::Invalid {
            field: "quote",
            ..
        }))
    ));

    let draft = VerdictDraft {
        quote: "Direct competitors are cheaper.".into(),
        call: Call::Skip,
        ..draft
    };
    desk.save_verdict("sam-skeptic", &draft).unwrap();
    desk.verdict_action(
        "sam-skeptic",
        "sam-skeptic",
        "new-tool",
        &VerdictAction::Submit,
    )
    .unwrap();
    forbidden(desk.verdict_action(
        "publisher",
        "sam-skeptic",
        "new-tool",
        &VerdictAction::Accept,
    ));
    let returned = desk
        .verdict_action(
            "editor",
            "sam-skeptic",
            "new-tool",
            &VerdictAction::Return {
                comment: "Name the competitors.".into(),
            },
        )
        .unwrap();
    assert_eq!(returned.status, VerdictStatus::Returned);

    // Editing a returned verdict keeps the editor's comment until it is resubmitted.
    let edited = desk
        .save_verdict(
            "sam-skeptic",
            &VerdictDraft {
                quote: "Direct competitors are X and Y.".into(),
                ..draft
            },
        )
        .unwrap();
    assert_eq!(edited.status, VerdictStatus::Returned);
    assert_eq!(
        edited.return_comment.as_deref(),
        Some("Name the competitors.")
    );
    assert_eq!(edited.created_at, v.created_at);
    let stored = desk.verdict("sam-skeptic", "new-tool").unwrap().unwrap();
    assert_eq!(stored.quote, "Direct competitors are X and Y.");
}

#[test]
fn coverage_marks_the_verdicts_a_page_needs_that_nobody_wrote() {
    let (_dir, desk) = desk();
    let coverage = desk.coverage().unwrap();
    assert_eq!(coverage.reviewers.len(), 4);
    assert_eq!(coverage.tools.len(), 2);
    assert_eq!(
        coverage.missing, 0,
        "the sample page has all eight verdicts"
    );
    assert!(coverage
        .cells
        .iter()
        .flatten()
        .all(|c| c.needed && c.call.is_some()));

    // A third tool joins the page: four verdicts are now missing.
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.slug = "third-tool".into();
    tool.name = "Third Tool".into();
    desk.create_tool("editor", &tool).unwrap();
    let mut page = desk.comparison(SLUG).unwrap();
    page.tools.push("third-tool".into());
    desk.save_comparison("editor", &page).unwrap();

    let coverage = desk.coverage().unwrap();
    assert_eq!(coverage.missing, 4);
    let t = coverage
        .tools
        .iter()
        .position(|t| t.slug == "third-tool")
        .unwrap();
    for row in &coverage.cells {
        assert!(row[t].missing && row[t].call.is_none());
        assert_eq!(row[t].needed_by, [page.title.clone()]);
    }
}

#[test]
fn history_shows_what_changed_and_restore_brings_an_old_version_back_as_a_new_revision() {
    let (_dir, desk) = desk();
    let original = desk.tool(HAIKU).unwrap();
    let mut edited = original.clone();
    edited.tagline = "Fast open model for agents".into();
    desk.save_tool("editor", &edited).unwrap();

    let history = desk.history_view(EntityKind::Tool, HAIKU).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].number, 2, "newest first");
    // Each revision names who saved it (the sample's first one, loaded, names nobody).
    assert_eq!(history[0].author.as_deref(), Some("editor"));
    assert_eq!(history[1].author, None);
    let change = &history[0].changes;
    assert_eq!(change.len(), 1, "{change:?}");
    assert_eq!(change[0].field, "tagline");
    assert_eq!(change[0].before.as_deref(), Some(original.tagline.as_str()));
    assert!(change[0]
        .parts
        .iter()
        .any(|p| p.kind == DiffPartKind::Added && p.text.contains("agents")));

    forbidden(desk.restore_revision("sam-skeptic", EntityKind::Tool, HAIKU, 1));
    desk.restore_revision("editor", EntityKind::Tool, HAIKU, 1)
        .unwrap();
    assert_eq!(desk.tool(HAIKU).unwrap(), original);
    let history = desk.history_view(EntityKind::Tool, HAIKU).unwrap();
    assert_eq!(
        history.len(),
        3,
        "the restore is a new revision; nothing is lost"
    );
    assert!(history.iter().any(|r| r
        .changes
        .iter()
        .any(|c| c.after.as_deref() == Some("Fast open model for agents"))));

    assert!(matches!(
        desk.restore_revision("editor", EntityKind::Tool, HAIKU, 99),
        Err(DeskError::Store(verdict_core::StoreError::NotFound { .. }))
    ));
}

#[test]
fn restoring_a_comparison_keeps_its_workflow_state() {
    let (_dir, desk) = desk();
    let mut page = desk.comparison(SLUG).unwrap();
    let title = page.title.clone();
    page.title = "A new title".into();
    desk.save_comparison("editor", &page).unwrap();
    let first = desk
        .history_view(EntityKind::Comparison, SLUG)
        .unwrap()
        .last()
        .unwrap()
        .number;
    desk.restore_revision("editor", EntityKind::Comparison, SLUG, first)
        .unwrap();
    let restored = desk.comparison(SLUG).unwrap();
    assert_eq!(restored.title, title);
    assert_eq!(restored.status, page.status);
}

#[test]
fn site_settings_need_an_editor_or_publisher_and_a_known_theme() {
    let (_dir, desk) = desk();
    let mut site = desk.site().unwrap();
    site.kicker = "AI tool face-off".into();
    forbidden(desk.save_site("sam-skeptic", &site));
    desk.save_site("publisher", &site).unwrap();
    assert!(desk
        .preview_comparison(SLUG)
        .unwrap()
        .contains("AI tool face-off"));
    site.theme = "no-such-theme".into();
    assert!(desk.save_site("editor", &site).is_err());
    assert_eq!(desk.site().unwrap().theme, "default");
}

#[test]
fn profiles_are_validated_and_saved() {
    let (_dir, desk) = desk();
    let bad = Profile {
        slug: "Bad Slug".into(),
        name: String::new(),
        roles: vec![Role::Reviewer],
        reviewer: None,
    };
    let err = verdict_core::ApiError::from(desk.save_profile(&bad).unwrap_err());
    assert_eq!(err.code, "invalid");
    assert!(
        err.message.contains("name") && err.message.contains("reviewer"),
        "{}",
        err.message
    );
    let good = Profile {
        slug: "chief".into(),
        name: "Editor-in-chief".into(),
        roles: vec![Role::Editor, Role::Publisher],
        reviewer: None,
    };
    desk.save_profile(&good).unwrap();
    assert!(desk.profiles().unwrap().contains(&good));
    let ghost = Profile {
        slug: "ghost".into(),
        name: "Ghost".into(),
        roles: vec![Role::Reviewer],
        reviewer: Some("no-such-reviewer".into()),
    };
    assert!(desk.save_profile(&ghost).is_err());
}

#[test]
fn creating_never_overwrites_and_saving_never_creates() {
    let (_dir, desk) = desk();
    let existing = desk.tool(HAIKU).unwrap();
    let mut clash = existing.clone();
    clash.name = "Someone else's tool".into();
    let err = verdict_core::ApiError::from(desk.create_tool("editor", &clash).unwrap_err());
    assert_eq!(
        (err.code, err.field.as_deref()),
        (verdict_core::ErrorCode::Invalid, Some("slug"))
    );
    assert_eq!(desk.tool(HAIKU).unwrap(), existing);

    let mut fresh = existing.clone();
    fresh.slug = "fresh-tool".into();
    let err = verdict_core::ApiError::from(desk.save_tool("editor", &fresh).unwrap_err());
    assert_eq!(err.code, "not_found");
    desk.create_tool("editor", &fresh).unwrap();
    forbidden(desk.create_tool("sam-skeptic", &fresh));

    let reviewer = desk.reviewer("sam-skeptic").unwrap();
    assert!(desk.create_reviewer("editor", &reviewer).is_err());
    let mut new_reviewer = reviewer.clone();
    new_reviewer.slug = "nia-newcomer".into();
    assert!(desk.save_reviewer("editor", &new_reviewer).is_err());
    desk.create_reviewer("editor", &new_reviewer).unwrap();

    let mut page = desk.comparison(SLUG).unwrap();
    assert!(desk.create_comparison("editor", &page).is_err());
    page.slug = "haiku-vs-fresh".into();
    page.tools = vec![HAIKU.into(), "fresh-tool".into()];
    let created = desk.create_comparison("editor", &page).unwrap();
    assert_eq!(created.status, verdict_core::model::ComparisonStatus::Draft);
    assert_eq!(created.published_at, None);
    // A second page for the same pair is refused, whatever its slug.
    page.slug = "fresh-vs-haiku".into();
    page.tools.reverse();
    assert!(desk.create_comparison("editor", &page).is_err());
}

#[test]
fn an_editor_can_reopen_an_accepted_verdict_for_its_reviewer() {
    let (_dir, desk) = desk();
    let comment = VerdictAction::Return {
        comment: "Pricing changed; please look again.".into(),
    };
    forbidden(desk.verdict_action("sam-skeptic", "sam-skeptic", HAIKU, &comment));
    let v = desk
        .verdict_action("editor", "sam-skeptic", HAIKU, &comment)
        .unwrap();
    assert_eq!(v.status, VerdictStatus::Returned);
    let edited = desk
        .save_verdict(
            "sam-skeptic",
            &VerdictDraft {
                reviewer: "sam-skeptic".into(),
                tool: HAIKU.into(),
                call: Call::Ship,
                quote: "Revised after the price cut.".into(),
            },
        )
        .unwrap();
    assert_eq!(edited.call, Call::Ship);
    // A returned verdict is not accepted, so the page's panel no longer counts it.
    let page = verdict_core::render::render_saved(&desk.store(), SLUG, "json").unwrap();
    assert!(page.contains("\"panel_split\": \"2 of 3\""), "{page}");
}

#[test]
fn the_preview_sees_a_change_written_by_another_process() {
    // The CLI may write to the desk while the app has it open: the app's render cache must
    // notice the other connection's commit on its next preview.
    let (dir, desk) = desk();
    assert!(!desk
        .preview_comparison(SLUG)
        .unwrap()
        .contains("Written by the CLI"));
    let mut other = verdict_core::Store::open_dir(dir.path()).unwrap();
    let mut tool = other.tool(HAIKU).unwrap().unwrap();
    tool.tagline = "Written by the CLI".into();
    other.save_tool(&SaveCtx::unattributed(), &tool).unwrap();
    assert!(desk
        .preview_comparison(SLUG)
        .unwrap()
        .contains("Written by the CLI"));
}
