//! Comments on the words at a desk alone: threads on a field's selected words, the anchor
//! following the words through saves (in the save's transaction), deleted words, replies,
//! resolve / reopen with history, @mentions checked against the desk's profiles, a draft
//! verdict's comments kept to its reviewer and the editors, and the open count per page.

use verdict_core::comments::anchor::slice_utf16;
use verdict_core::comments::{CommentTarget, NewComment};
use verdict_core::desk::VerdictDraft;
use verdict_core::model::{Call, EntityKind};
use verdict_core::{Desk, DeskError, StoreError};

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

fn on_description(desk: &Desk, words: &str, body: &str) -> Result<String, DeskError> {
    let text = desk.tool(HAIKU).unwrap().description;
    let at = text.find(words).expect("words in the description");
    let start = text[..at].encode_utf16().count() as u32;
    let end = start + words.encode_utf16().count() as u32;
    desk.add_comment(
        "editor",
        &NewComment {
            target: CommentTarget {
                kind: EntityKind::Tool,
                key: HAIKU.into(),
                field: "description".into(),
            },
            start,
            end,
            body: body.into(),
        },
    )
    .map(|t| t.id)
}

fn field_of(e: DeskError) -> String {
    match e {
        DeskError::Store(StoreError::Invalid(problems)) => problems[0].field.clone(),
        other => panic!("not a field problem: {other}"),
    }
}

#[test]
fn the_anchor_follows_the_words_through_saves_and_keeps_them_once_deleted() {
    let (_dir, desk) = desk();
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.description = "Small, fast — and the weights are open. Ideal for 😀 edge devices.".into();
    desk.save_tool("editor", &tool).unwrap();
    let id = on_description(&desk, "edge devices", "Which devices, @publisher?").unwrap();
    let thread = desk.entity_comments(EntityKind::Tool, HAIKU).unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].anchor.quote, "edge devices");
    assert_eq!(thread[0].comments[0].mentions, vec!["publisher"]);
    assert!(
        thread[0].comments[0].pending,
        "a note on a desk alone waits for no team"
    );

    // Words typed before the anchor move it; its words stay under it (UTF-16 offsets).
    tool.description = format!("Überblick: {}", tool.description);
    desk.save_tool("editor", &tool).unwrap();
    let t = desk.store().comment_thread(&id).unwrap();
    assert!(!t.anchor.deleted);
    assert_eq!(
        slice_utf16(&tool.description, t.anchor.start, t.anchor.end),
        "edge devices"
    );

    // Deleting the words puts the thread on deleted text, with the words it had.
    tool.description = "Überblick: Small, fast — and the weights are open.".into();
    desk.save_tool("editor", &tool).unwrap();
    let t = desk.store().comment_thread(&id).unwrap();
    assert!(t.anchor.deleted);
    assert_eq!(t.anchor.quote, "edge devices");
    let history: Vec<String> = desk
        .store()
        .comment_history(&id)
        .unwrap()
        .into_iter()
        .map(|(_, _, what)| what)
        .collect();
    assert_eq!(history, vec!["created", "words deleted"]);
}

#[test]
fn a_save_that_moves_an_anchor_tells_the_open_threads() {
    use verdict_core::store::{Change, ChangeKind, ChangeWhat};
    let (_dir, desk) = desk();
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.description = "Small and fast. Ideal for edge devices.".into();
    desk.save_tool("editor", &tool).unwrap();
    on_description(&desk, "edge devices", "Which ones?").unwrap();
    let mut rx = desk.store().follow_changes();
    let mut heard = || {
        let mut all = Vec::new();
        while let Ok(batch) = rx.try_recv() {
            all.extend(batch.changes);
        }
        all
    };
    let on_threads = Change::new(
        ChangeKind::Comment,
        &format!("tool:{HAIKU}"),
        ChangeWhat::Saved,
    );

    // A save that leaves the commented words where they were moves no anchor.
    tool.name = "Haiku Renamed".into();
    desk.save_tool("editor", &tool).unwrap();
    let changes = heard();
    assert!(!changes.is_empty(), "the save itself is told");
    assert!(!changes.contains(&on_threads), "{changes:?}");

    // Words typed before them move the anchor: the threads' followers read theirs again.
    tool.description = format!("New: {}", tool.description);
    desk.save_tool("editor", &tool).unwrap();
    let changes = heard();
    assert!(changes.contains(&on_threads), "{changes:?}");
    assert!(
        changes.contains(&Change::new(ChangeKind::Tool, HAIKU, ChangeWhat::Saved)),
        "{changes:?}"
    );
}

#[test]
fn replies_resolve_and_reopen_are_kept_with_who_did_them() {
    let (_dir, desk) = desk();
    let text = desk.tool(HAIKU).unwrap().description;
    let first_word: String = text.split_whitespace().next().unwrap().to_string();
    let id = on_description(&desk, &first_word, "Too vague.").unwrap();
    let t = desk
        .reply_comment("devon-dx", &id, "Agreed, @editor.")
        .unwrap();
    assert_eq!(t.comments.len(), 2);
    assert_eq!(t.comments[1].author, "devon-dx");
    assert_eq!(t.comments[1].mentions, vec!["editor"]);
    let t = desk.resolve_comment("devon-dx", &id, true).unwrap();
    assert_eq!(t.resolved_by.as_deref(), Some("devon-dx"));
    assert!(t.resolved_at.is_some());
    let t = desk.resolve_comment("editor", &id, false).unwrap();
    assert_eq!(t.resolved_by, None);
    let history: Vec<(Option<String>, String)> = desk
        .store()
        .comment_history(&id)
        .unwrap()
        .into_iter()
        .map(|(_, who, what)| (who, what))
        .collect();
    assert_eq!(
        history,
        vec![
            (Some("editor".into()), "created".into()),
            (Some("devon-dx".into()), "resolved".into()),
            (Some("editor".into()), "reopened".into()),
        ]
    );
}

#[test]
fn bad_comments_are_refused_naming_the_field() {
    let (_dir, desk) = desk();
    let text = desk.tool(HAIKU).unwrap().description;
    let word: String = text.split_whitespace().next().unwrap().to_string();
    assert_eq!(
        field_of(on_description(&desk, &word, "Ask @nobody-here").unwrap_err()),
        "body"
    );
    assert_eq!(
        field_of(on_description(&desk, &word, "   ").unwrap_err()),
        "body"
    );
    let e = desk
        .add_comment(
            "editor",
            &NewComment {
                target: CommentTarget {
                    kind: EntityKind::Tool,
                    key: HAIKU.into(),
                    field: "vendor".into(),
                },
                start: 0,
                end: 2,
                body: "x".into(),
            },
        )
        .unwrap_err();
    assert_eq!(field_of(e), "field");
    let e = desk
        .add_comment(
            "editor",
            &NewComment {
                target: CommentTarget {
                    kind: EntityKind::Tool,
                    key: HAIKU.into(),
                    field: "description".into(),
                },
                start: 3,
                end: 100_000,
                body: "x".into(),
            },
        )
        .unwrap_err();
    assert_eq!(field_of(e), "selection");
    assert!(matches!(
        on_description_as(&desk, "nobody", &word),
        Err(DeskError::Store(StoreError::NotFound { .. }))
    ));
}

fn on_description_as(desk: &Desk, profile: &str, words: &str) -> Result<String, DeskError> {
    let text = desk.tool(HAIKU).unwrap().description;
    let start = text[..text.find(words).unwrap()].encode_utf16().count() as u32;
    desk.add_comment(
        profile,
        &NewComment {
            target: CommentTarget {
                kind: EntityKind::Tool,
                key: HAIKU.into(),
                field: "description".into(),
            },
            start,
            end: start + words.encode_utf16().count() as u32,
            body: "note".into(),
        },
    )
    .map(|t| t.id)
}

#[test]
fn a_draft_verdict_takes_comments_from_its_reviewer_and_editors_only() {
    let (_dir, desk) = desk();
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.slug = "new-tool".into();
    tool.name = "New Tool".into();
    desk.create_tool("editor", &tool).unwrap();
    desk.save_verdict(
        "devon-dx",
        &VerdictDraft {
            reviewer: "devon-dx".into(),
            tool: "new-tool".into(),
            call: Call::Ship,
            quote: "The primitive here is sound.".into(),
        },
    )
    .unwrap();
    let on_quote = |profile: &str| {
        desk.add_comment(
            profile,
            &NewComment {
                target: CommentTarget {
                    kind: EntityKind::Verdict,
                    key: "devon-dx/new-tool".into(),
                    field: "quote".into(),
                },
                start: 4,
                end: 13,
                body: "Which primitive?".into(),
            },
        )
    };
    assert_eq!(on_quote("devon-dx").unwrap().anchor.quote, "primitive");
    assert_eq!(on_quote("editor").unwrap().comments[0].author, "editor");
    assert!(matches!(
        on_quote("sam-skeptic"),
        Err(DeskError::Workflow(_))
    ));
    // The quote edited by its reviewer: both threads follow the word.
    desk.save_verdict(
        "devon-dx",
        &VerdictDraft {
            reviewer: "devon-dx".into(),
            tool: "new-tool".into(),
            call: Call::Ship,
            quote: "Honestly: the primitive here is sound.".into(),
        },
    )
    .unwrap();
    for t in desk
        .entity_comments(EntityKind::Verdict, "devon-dx/new-tool")
        .unwrap()
    {
        assert_eq!((t.anchor.start, t.anchor.end), (14, 23));
    }
}

#[test]
fn lists_count_open_threads_per_page_with_its_tools_and_verdicts() {
    let (_dir, desk) = desk();
    assert!(desk.comment_counts().unwrap().is_empty());
    let text = desk.tool(HAIKU).unwrap().description;
    let word: String = text.split_whitespace().next().unwrap().to_string();
    let a = on_description(&desk, &word, "one").unwrap();
    on_description(&desk, &word, "two").unwrap();
    let page = desk.comparison(SLUG).unwrap();
    desk.add_comment(
        "editor",
        &NewComment {
            target: CommentTarget {
                kind: EntityKind::Comparison,
                key: SLUG.into(),
                field: "dek".into(),
            },
            start: 0,
            end: page.dek.encode_utf16().count() as u32,
            body: "Shorter?".into(),
        },
    )
    .unwrap();
    let counts = desk.comment_counts().unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!((counts[0].slug.as_str(), counts[0].open), (SLUG, 3));
    assert_eq!(desk.page_comments(SLUG).unwrap().len(), 3);
    desk.resolve_comment("editor", &a, true).unwrap();
    assert_eq!(desk.comment_counts().unwrap()[0].open, 2);
}

#[test]
fn the_preview_and_the_page_never_show_comments() {
    let (_dir, desk) = desk();
    let text = desk.tool(HAIKU).unwrap().description;
    let word: String = text.split_whitespace().next().unwrap().to_string();
    on_description(&desk, &word, "PRIVATE-NOTE-7731 for @publisher").unwrap();
    let html = desk.preview_comparison(SLUG).unwrap();
    assert!(html.contains(&word));
    assert!(!html.contains("PRIVATE-NOTE-7731"));
}
