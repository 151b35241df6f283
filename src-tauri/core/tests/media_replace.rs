//! Replacing an image everywhere at once, and the Media screen's list of images with their
//! uses: every reference moves in one go with a revision per entry, by editors only, and the
//! list counts uses as removal does.

mod media_images;

use media_images::*;
use verdict_core::media::MediaText;
use verdict_core::model::EntityKind;
use verdict_core::{Desk, DeskError};

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

fn add(desk: &Desk, name: &str, w: u32) -> String {
    desk.add_media(
        "editor",
        name,
        &png_rgb(&photo(w, w / 2)),
        &MediaText::default(),
    )
    .unwrap()
    .item
    .hash
}

/// A tool's description and a page's intro showing `hash`; returns (tool, page) slugs.
fn use_in_content(desk: &Desk, hash: &str) -> (String, String) {
    let mut tool = desk.store().tools().unwrap().remove(0);
    tool.description = format!(
        "{}\n\n![The panel](media:{hash}) and again media:{hash}",
        tool.description
    );
    desk.save_tool("editor", &tool).unwrap();
    let mut page = desk.store().comparisons().unwrap().remove(0);
    page.intro = format!("![Both side by side](media:{hash})\n\n{}", page.intro);
    desk.save_comparison("editor", &page).unwrap();
    (tool.slug, page.slug)
}

fn revisions(desk: &Desk, kind: EntityKind, slug: &str) -> Vec<verdict_core::model::Revision> {
    desk.history(kind, slug).unwrap()
}

#[test]
fn every_reference_moves_to_the_new_image_with_a_revision_each() {
    let (_dir, desk) = desk();
    let old = add(&desk, "old.png", 400);
    let new = add(&desk, "new.png", 300);
    let (tool, page) = use_in_content(&desk, &old);
    let tool_revs = revisions(&desk, EntityKind::Tool, &tool).len();
    let page_revs = revisions(&desk, EntityKind::Comparison, &page).len();

    let replaced = desk.replace_media("editor", &old[..10], &new).unwrap();
    assert_eq!(
        (replaced.from.as_str(), replaced.to.as_str()),
        (old.as_str(), new.as_str())
    );
    let changed: Vec<(String, String, String)> = replaced
        .changed
        .iter()
        .map(|u| (u.kind.clone(), u.slug.clone(), u.field.clone()))
        .collect();
    assert_eq!(
        changed,
        [
            ("tool".into(), tool.clone(), "description".into()),
            ("comparison".into(), page.clone(), "intro".into()),
        ]
    );

    let stored_tool = desk.tool(&tool).unwrap();
    assert!(!stored_tool.description.contains(&old));
    assert_eq!(
        stored_tool
            .description
            .matches(&format!("media:{new}"))
            .count(),
        2
    );
    assert!(stored_tool
        .description
        .contains(&format!("![The panel](media:{new})")));
    let stored_page = desk.comparison(&page).unwrap();
    assert!(stored_page
        .intro
        .starts_with(&format!("![Both side by side](media:{new})")));

    // One revision each, by the editor, like any save; the one before still shows the old image.
    let tool_history = revisions(&desk, EntityKind::Tool, &tool);
    assert_eq!(tool_history.len(), tool_revs + 1);
    let last = tool_history.last().unwrap();
    assert_eq!(last.author.as_deref(), Some("editor"));
    let before = &tool_history[tool_history.len() - 2];
    assert!(before.snapshot["description"]
        .as_str()
        .unwrap()
        .contains(&old));
    assert_eq!(
        revisions(&desk, EntityKind::Comparison, &page).len(),
        page_revs + 1
    );

    // The old image is unused now and can go; the new one cannot.
    assert!(desk.media_uses(&old).unwrap().is_empty());
    assert_eq!(desk.media_uses(&new).unwrap().len(), 2);
    desk.remove_media("editor", &old).unwrap();
    assert!(desk.remove_media("editor", &new).is_err());
}

#[test]
fn only_editors_replace_and_a_refusal_changes_nothing() {
    let (_dir, desk) = desk();
    let old = add(&desk, "old.png", 400);
    let new = add(&desk, "new.png", 300);
    let (tool, page) = use_in_content(&desk, &old);
    let tool_before = desk.tool(&tool).unwrap();
    let page_before = desk.comparison(&page).unwrap();

    let err = desk.replace_media("publisher", &old, &new).unwrap_err();
    assert!(matches!(err, DeskError::Workflow(_)), "{err:?}");
    let api: verdict_core::ApiError = err.into();
    assert_eq!(api.code, verdict_core::ErrorCode::Forbidden);

    // An image the desk does not have: refused by its hash, nothing changed.
    let missing = "0123456789abcdef".repeat(4);
    let err = desk.replace_media("editor", &old, &missing).unwrap_err();
    assert!(err.to_string().contains("no image"), "{err}");

    assert_eq!(desk.tool(&tool).unwrap(), tool_before);
    assert_eq!(desk.comparison(&page).unwrap(), page_before);

    // The same image for both is nothing to do.
    let same = desk.replace_media("editor", &old, &old).unwrap();
    assert!(same.changed.is_empty());
    assert_eq!(desk.tool(&tool).unwrap(), tool_before);
}

#[test]
fn the_list_counts_the_uses_removal_would_name() {
    let (_dir, desk) = desk();
    let used = add(&desk, "used.png", 400);
    let unused = add(&desk, "unused.png", 300);
    let (tool, page) = use_in_content(&desk, &used);

    let catalog = desk.media_catalog().unwrap();
    assert_eq!(catalog.len(), 2);
    for entry in &catalog {
        assert_eq!(
            entry.uses,
            desk.media_uses(&entry.item.hash).unwrap(),
            "{}",
            entry.item.original_name
        );
    }
    let used_entry = catalog.iter().find(|e| e.item.hash == used).unwrap();
    let places: Vec<(&str, &str)> = used_entry
        .uses
        .iter()
        .map(|u| (u.kind.as_str(), u.slug.as_str()))
        .collect();
    assert_eq!(
        places,
        [("tool", tool.as_str()), ("comparison", page.as_str())]
    );
    assert!(catalog
        .iter()
        .find(|e| e.item.hash == unused)
        .unwrap()
        .uses
        .is_empty());

    let one = desk.media_entry(&used[..8]).unwrap();
    assert_eq!(one.item.hash, used);
    assert_eq!(one.uses, used_entry.uses);
}

#[test]
fn bad_alt_text_crosses_ipc_under_its_field() {
    let (_dir, desk) = desk();
    let hash = add(&desk, "a.png", 300);
    let err = desk
        .set_media_text(
            "editor",
            &hash,
            &MediaText {
                alt: Some("two\nlines".into()),
                credit: Some("x".repeat(301)),
                decorative: None,
            },
        )
        .unwrap_err();
    let api: verdict_core::ApiError = err.into();
    assert_eq!(api.code, verdict_core::ErrorCode::Invalid);
    assert_eq!(api.field.as_deref(), Some("alt"));
    let fields: Vec<&str> = api.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["alt", "credit"]);
    assert_eq!(desk.media_item(&hash).unwrap().alt, "");
}

#[test]
fn a_logo_and_a_screenshot_move_too() {
    let (_dir, desk) = desk();
    let old = add(&desk, "old.png", 400);
    let new = add(&desk, "new.png", 300);
    let mut tool = desk.store().tools().unwrap().remove(0);
    tool.logo = Some(old.clone());
    tool.screenshots = vec![verdict_core::model::Screenshot {
        media: old.clone(),
        alt: "The settings screen".into(),
        credit: "Screenshot: vendor".into(),
        decorative: false,
    }];
    desk.save_tool("editor", &tool).unwrap();

    let replaced = desk.replace_media("editor", &old, &new).unwrap();
    let fields: Vec<&str> = replaced.changed.iter().map(|u| u.field.as_str()).collect();
    assert_eq!(fields, ["logo", "screenshots"]);
    let stored = desk.tool(&tool.slug).unwrap();
    assert_eq!(stored.logo.as_deref(), Some(new.as_str()));
    assert_eq!(stored.screenshots[0].media, new);
    // The screenshot's own words stay.
    assert_eq!(stored.screenshots[0].alt, "The settings screen");
    let entry = desk.media_entry(&new).unwrap();
    assert_eq!(entry.uses.len(), 2, "{:?}", entry.uses);
    assert!(desk.media_entry(&old).unwrap().uses.is_empty());
}

#[test]
fn an_image_shown_only_as_a_logo_or_screenshot_is_not_removed() {
    let (_dir, desk) = desk();
    let logo = add(&desk, "logo.png", 256);
    let shot = add(&desk, "shot.png", 640);
    let mut tool = desk.store().tools().unwrap().remove(0);
    tool.logo = Some(logo.clone());
    tool.screenshots = vec![verdict_core::model::Screenshot {
        media: shot.clone(),
        alt: "The settings screen".into(),
        credit: String::new(),
        decorative: false,
    }];
    desk.save_tool("editor", &tool).unwrap();

    for (hash, field) in [(&logo, "logo"), (&shot, "screenshots")] {
        let uses = desk.media_uses(hash).unwrap();
        let named: Vec<(&str, &str)> = uses
            .iter()
            .map(|u| (u.slug.as_str(), u.field.as_str()))
            .collect();
        assert_eq!(named, [(tool.slug.as_str(), field)]);
        let err = desk.remove_media("editor", hash).unwrap_err().to_string();
        assert!(
            err.contains(&tool.slug) && err.contains(field),
            "{field}: {err}"
        );
        assert!(
            desk.media_item(hash).is_ok(),
            "{field} is still on the desk"
        );
    }
}
