//! A tool's logo and screenshots: validated, refused when the desk lacks the image, kept in
//! history (restore brings the old logo back), in JSON bundles, and found by search.

use verdict_core::store::SaveCtx;
mod media_images;

use media_images::*;
use verdict_core::media::MediaText;
use verdict_core::model::{EntityKind, Screenshot, Tool};
use verdict_core::{Bundle, Desk, DeskError, StoreError, Validate};

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

fn add(desk: &Desk, name: &str, w: u32, alt: &str) -> String {
    let bytes = png_rgba(&logo(w, w));
    desk.add_media(
        "editor",
        name,
        &bytes,
        &MediaText {
            alt: Some(alt.into()),
            ..MediaText::default()
        },
    )
    .unwrap()
    .item
    .hash
}

fn shot(hash: &str, alt: &str) -> Screenshot {
    Screenshot {
        media: hash.into(),
        alt: alt.into(),
        credit: "Screenshot: vendor".into(),
        decorative: false,
    }
}

fn first_tool(desk: &Desk) -> Tool {
    desk.store().tools().unwrap().remove(0)
}

#[test]
fn screenshots_are_validated_field_by_field() {
    let (_dir, desk) = desk();
    let mut tool = first_tool(&desk);
    let h = "ab".repeat(32);
    tool.logo = Some("not-a-hash".into());
    tool.screenshots = (0..7).map(|_| shot(&h, "")).collect();
    tool.screenshots[1].decorative = true;
    tool.screenshots[2].alt = "two\nlines".into();
    let fields: Vec<String> = tool.validate().into_iter().map(|e| e.field).collect();
    assert!(fields.contains(&"logo".to_string()), "{fields:?}");
    assert!(fields.contains(&"screenshots".to_string()), "{fields:?}");
    assert!(
        fields.contains(&"screenshots[0].alt".to_string()),
        "{fields:?}"
    );
    // Decorative: no alt text needed.
    assert!(
        !fields.contains(&"screenshots[1].alt".to_string()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"screenshots[2].alt".to_string()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"screenshots[1].media".to_string()),
        "duplicate: {fields:?}"
    );
}

#[test]
fn a_logo_the_desk_does_not_have_is_refused_and_changes_nothing() {
    let (_dir, desk) = desk();
    let mut tool = first_tool(&desk);
    let before = tool.clone();
    tool.logo = Some("cd".repeat(32));
    let err = desk.save_tool("editor", &tool).unwrap_err();
    match err {
        DeskError::Store(StoreError::Invalid(problems)) => {
            assert_eq!(problems[0].field, "logo");
            assert!(
                problems[0].message.contains("no image cdcdcdcdcdcd"),
                "{problems:?}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(desk.tool(&before.slug).unwrap(), before);
}

#[test]
fn a_logo_the_team_holds_is_kept_while_its_bytes_are_on_their_way() {
    let (dir, desk) = desk();
    let team_only = "ab".repeat(32);
    // What a join leaves for an image: its text from the team, its bytes still to come.
    let db = rusqlite::Connection::open(dir.path().join("verdict.db")).unwrap();
    db.execute(
        "INSERT INTO team_media (hash, mime, width, height, bytes, original_name, alt, credit,
             decorative, added_by, seq)
         VALUES (?1, 'image/png', 64, 64, 900, 'logo.png', 'Acme logo', '', 0, 'edie', 1)",
        [&team_only],
    )
    .unwrap();
    drop(db);
    let mut tool = first_tool(&desk);
    tool.logo = Some(team_only.clone());
    desk.save_tool("editor", &tool).unwrap();
    // And the tagline edit a member makes next is taken too.
    let mut tool = desk.tool(&tool.slug).unwrap();
    tool.tagline = "Edited before the first sync".into();
    desk.save_tool("editor", &tool).unwrap();
    assert_eq!(desk.tool(&tool.slug).unwrap().logo, Some(team_only));
}

#[test]
fn a_tool_without_images_keeps_its_stored_document() {
    let (_dir, desk) = desk();
    let tool = first_tool(&desk);
    let json = serde_json::to_value(&tool).unwrap();
    assert!(json.get("logo").is_none() && json.get("screenshots").is_none());
    // Saving it again is no change: no new revision from the new fields.
    let before = desk
        .history_view(EntityKind::Tool, &tool.slug)
        .unwrap()
        .len();
    desk.save_tool("editor", &tool).unwrap();
    assert_eq!(
        desk.history_view(EntityKind::Tool, &tool.slug)
            .unwrap()
            .len(),
        before
    );
}

#[test]
fn logo_and_screenshots_are_saved_kept_in_history_restored_and_bundled() {
    let (_dir, desk) = desk();
    let first = add(&desk, "logo-a.png", 64, "Logo A");
    let second = add(&desk, "logo-b.png", 96, "Logo B");
    let screen = add(&desk, "screen.png", 120, "");
    let mut tool = first_tool(&desk);
    tool.logo = Some(first.clone());
    tool.screenshots = vec![shot(
        &screen,
        "The chat window answering a zebrafish question",
    )];
    desk.save_tool("editor", &tool).unwrap();
    let v1 = desk.history_view(EntityKind::Tool, &tool.slug).unwrap()[0].number;
    tool.logo = Some(second.clone());
    desk.save_tool("editor", &tool).unwrap();
    assert_eq!(desk.tool(&tool.slug).unwrap().logo, Some(second.clone()));

    let history = desk.history_view(EntityKind::Tool, &tool.slug).unwrap();
    assert!(
        history[0].changes.iter().any(|c| c.field == "logo"),
        "{:?}",
        history[0].changes
    );
    desk.restore_revision("editor", EntityKind::Tool, &tool.slug, v1)
        .unwrap();
    assert_eq!(desk.tool(&tool.slug).unwrap().logo, Some(first.clone()));

    let hits = desk.search("zebrafish").unwrap();
    assert!(
        hits.iter()
            .any(|h| h.entity == EntityKind::Tool && h.key == tool.slug),
        "{hits:?}"
    );

    // A JSON bundle carries the hashes; a desk with the images takes it, one without refuses
    // the tool naming the field.
    let bundle = desk.store().export_bundle().unwrap();
    let json = bundle.to_json();
    assert!(json.contains(&first) && json.contains(&screen));
    let parsed = Bundle::parse(json.as_bytes()).unwrap();
    let (_d2, other) = {
        let dir = tempfile::tempdir().unwrap();
        let d = Desk::open(dir.path()).unwrap();
        (dir, d)
    };
    let err = other
        .store()
        .import_bundle(&SaveCtx::import(), &parsed)
        .unwrap_err();
    let said = err.to_string();
    assert!(
        said.contains(".logo") && said.contains("no image"),
        "{said}"
    );
    assert!(
        other.store().tools().unwrap().is_empty(),
        "nothing half-imported"
    );
}

#[test]
fn set_tool_logo_takes_a_short_hash_and_needs_an_editor() {
    let (_dir, desk) = desk();
    let hash = add(&desk, "logo.png", 64, "Logo");
    let slug = first_tool(&desk).slug;
    assert!(desk.set_tool_logo("publisher", &slug, &hash[..10]).is_err());
    assert_eq!(desk.tool(&slug).unwrap().logo, None);
    let tool = desk.set_tool_logo("editor", &slug, &hash[..10]).unwrap();
    assert_eq!(tool.logo, Some(hash.clone()));
    assert!(desk.set_tool_logo("editor", "no-such-tool", &hash).is_err());
}
