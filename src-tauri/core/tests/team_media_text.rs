//! An image's text (alt, credit, decorative) as revisions, alone and on a team against a real
//! PostgreSQL (team schema 6): each edit is a revision by its author, in the history and
//! restorable; on a team it travels as a `media` change of the log, reaches the other desk
//! with its author, conflicts per field like any text, and a reviewer's desk cannot make it.

use serde_json::json;
use verdict_core::media::MediaText;
use verdict_core::model::EntityKind;
use verdict_core::team::Resolution;

#[path = "support/team.rs"]
mod team_support;

mod media_images;

#[path = "support/team_media.rs"]
mod team_media_support;
use team_media_support::{add_logo, Member, Team, HAIKU};
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

fn alt(text: &str) -> MediaText {
    MediaText {
        alt: Some(text.into()),
        ..MediaText::default()
    }
}

/// (number, author, alt after it) of each revision of the image's text, newest first.
fn history(desk: &verdict_core::Desk, hash: &str) -> Vec<(u32, Option<String>, String)> {
    desk.history(EntityKind::Media, hash)
        .unwrap()
        .into_iter()
        .rev()
        .map(|r| {
            (
                r.number,
                r.author,
                r.snapshot["alt"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn on_one_desk_each_text_edit_is_a_revision_by_its_author_and_restores() {
    let (_dir, desk) = media_images::desk::sample_desk();
    let png = media_images::png_rgba(&media_images::logo(64, 64));
    let hash = media_images::desk::add(&desk, "logo.png", &png, "Logo");
    let first = desk.media_item(&hash).unwrap();
    desk.set_media_text("editor", &hash, &alt("The panel at work"))
        .unwrap();
    // The same text again keeps no revision.
    desk.set_media_text("editor", &hash, &alt("The panel at work"))
        .unwrap();
    desk.set_media_text(
        "editor",
        &hash,
        &MediaText {
            credit: Some("Photo: Ana".into()),
            decorative: Some(false),
            ..MediaText::default()
        },
    )
    .unwrap();
    let revisions = history(&desk, &hash);
    assert_eq!(revisions.len(), 3, "{revisions:?}");
    assert_eq!(revisions[2].2, first.alt, "the add is the first revision");
    assert_eq!(revisions[1].2, "The panel at work");
    assert!(revisions
        .iter()
        .take(2)
        .all(|r| r.1.as_deref() == Some("editor")));
    let view = desk.history_view(EntityKind::Media, &hash).unwrap();
    assert_eq!(view[0].changes.len(), 1, "{:?}", view[0].changes);
    assert_eq!(view[0].changes[0].field, "credit");

    // Restoring the first text is a new revision on top, through the same checks.
    assert!(desk
        .restore_revision("publisher", EntityKind::Media, &hash, 1)
        .is_err());
    desk.restore_revision("editor", EntityKind::Media, &hash, 1)
        .unwrap();
    let item = desk.media_item(&hash).unwrap();
    assert_eq!(
        (&item.alt, &item.credit, item.decorative),
        (&first.alt, &first.credit, first.decorative)
    );
    assert_eq!(history(&desk, &hash).len(), 4);
    // A refused edit keeps no revision.
    assert!(desk
        .set_media_text("editor", &hash, &alt("two\nlines"))
        .is_err());
    assert_eq!(history(&desk, &hash).len(), 4);
}

#[test]
fn on_a_team_text_edits_travel_with_their_author_and_conflict_per_field() {
    let team = Team::start(&[
        ("ines", &["editor"], None),
        ("omar", &["editor"], None),
        ("sam", &["reviewer"], Some("sam-skeptic")),
    ]);
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let ines = team.join(a.path(), "ines", true);
    let hash = add_logo(&ines, 96, "Logo");
    ines.desk.set_tool_logo("ines", HAIKU, &hash).unwrap();
    team.sync(&ines);
    let omar = team.join(b.path(), "omar", false);
    let sam = team.join(c.path(), "sam", false);
    team.sync(&omar);
    team.sync(&sam);
    assert_eq!(omar.desk.media_item(&hash).unwrap().alt, "Logo");

    // An edit on one desk is a change of the log (kind media) and a revision by its author
    // on the other.
    ines.desk
        .set_media_text("ines", &hash, &alt("The Haiku logo, a yellow disc"))
        .unwrap();
    let r = team.sync(&ines);
    assert!(r.refused.is_empty(), "{:?}", r.refused);
    assert_eq!(
        team.owner_text(&format!(
            "SELECT author || ' ' || (fields->>'alt') FROM verdict.changes
              WHERE kind = 'media' AND key = '{hash}'"
        )),
        "ines The Haiku logo, a yellow disc"
    );
    let r = team.sync(&omar);
    assert!(r.changed);
    assert!(
        r.edits.iter().any(|e| e.kind == EntityKind::Media
            && e.key == hash
            && e.author == "ines"
            && e.fields == ["alt"]),
        "{:?}",
        r.edits
    );
    assert_eq!(
        omar.desk.media_item(&hash).unwrap().alt,
        "The Haiku logo, a yellow disc"
    );
    let theirs = history(&omar.desk, &hash);
    assert_eq!(
        theirs[0],
        (
            theirs[0].0,
            Some("ines".to_string()),
            "The Haiku logo, a yellow disc".to_string()
        )
    );

    // The same field on both desks since they last heard: a conflict kept for Omar to
    // settle, as for any text; the other field (credit) goes through.
    ines.desk
        .set_media_text("ines", &hash, &alt("Ines's alt"))
        .unwrap();
    omar.desk
        .set_media_text(
            "omar",
            &hash,
            &MediaText {
                alt: Some("Omar's alt".into()),
                credit: Some("Logo: Anthropic".into()),
                ..MediaText::default()
            },
        )
        .unwrap();
    team.sync(&ines);
    let r = team.sync(&omar);
    assert_eq!(r.conflicts, 1, "{r:?}");
    let conflicts = omar.desk.team_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(
        (
            conflict.kind,
            conflict.key.as_str(),
            conflict.field.as_str()
        ),
        (EntityKind::Media, hash.as_str(), "alt")
    );
    assert_eq!(
        (
            &conflict.mine,
            &conflict.theirs,
            conflict.theirs_author.as_str()
        ),
        (&json!("Omar's alt"), &json!("Ines's alt"), "ines")
    );
    // Meanwhile Omar's desk shows the team's value, and the team took his credit.
    let item = omar.desk.media_item(&hash).unwrap();
    assert_eq!(
        (item.alt.as_str(), item.credit.as_str()),
        ("Ines's alt", "Logo: Anthropic")
    );
    assert_eq!(
        team.owner_text(&format!(
            "SELECT alt || ' | ' || credit || ' | ' || text_by FROM verdict.media WHERE hash = '{hash}'"
        )),
        "Ines's alt | Logo: Anthropic | omar"
    );
    omar.desk
        .team_resolve(conflict.id, Resolution::Mine)
        .unwrap();
    let r = team.sync(&omar);
    assert_eq!(r.conflicts, 0, "{r:?}");
    team.sync(&ines);
    for m in [&ines, &omar] {
        let item = m.desk.media_item(&hash).unwrap();
        assert_eq!(
            (item.alt.as_str(), item.credit.as_str()),
            ("Omar's alt", "Logo: Anthropic"),
            "{}",
            m.login
        );
    }

    // A restore is an edit like any other: it reaches the other desk.
    let number = history(&ines.desk, &hash)
        .into_iter()
        .find(|r| r.2 == "The Haiku logo, a yellow disc")
        .unwrap()
        .0;
    ines.desk
        .restore_revision("ines", EntityKind::Media, &hash, number)
        .unwrap();
    team.sync(&ines);
    team.sync(&omar);
    assert_eq!(
        omar.desk.media_item(&hash).unwrap().alt,
        "The Haiku logo, a yellow disc"
    );
    assert_eq!(
        sam.desk.media_item(&hash).unwrap().alt,
        "Logo",
        "not synced yet"
    );
    team.sync(&sam);
    assert_eq!(
        sam.desk.media_item(&hash).unwrap().alt,
        "The Haiku logo, a yellow disc"
    );
    assert_eq!(history(&sam.desk, &hash)[0].1.as_deref(), Some("ines"));

    // A reviewer's desk does not make the change (the server refuses it too:
    // team_media.rs, with the reviewer's own login).
    let err = sam
        .desk
        .set_media_text("sam", &hash, &alt("Sam's alt"))
        .unwrap_err();
    assert!(err.to_string().contains("change images"), "{err}");
    assert_eq!(sam.desk.team_status().unwrap().pending, 0);
}

#[test]
fn a_team_at_schema_5_takes_text_edits_through_its_call_then_through_the_log_once_upgraded() {
    let pg = PgCluster::start();
    pg.create_database("team");
    let rt = team_support::runtime();
    let owner = || {
        rt.block_on(Server::connect(
            &pg.url(SUPERUSER, "team"),
            None,
            SUPERUSER_PASSWORD,
        ))
        .unwrap()
    };
    assert_eq!(rt.block_on(owner().init_up_to(5)).unwrap(), 5);
    rt.block_on(owner().add_member("ines", "Ines", &["editor".into()], None, "ines-pw"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let secrets = MemorySecrets::new();
    rt.block_on(desk.team_join(
        &team_support::team_url(&pg),
        "ines",
        "ines-pw",
        true,
        &secrets,
    ))
    .unwrap();
    let ines = Member {
        desk,
        login: "ines".into(),
        secrets,
    };
    let hash = add_logo(&ines, 72, "Logo");
    ines.desk.set_tool_logo("ines", HAIKU, &hash).unwrap();
    let sync = || {
        let report = rt
            .block_on(ines.desk.team_sync(&ines.secrets, |_| {}))
            .unwrap();
        assert!(report.refused.is_empty(), "{:?}", report.refused);
    };
    sync();

    // On schema 5 a text edit goes through its compare-and-set call (the log has no images).
    ines.desk
        .set_media_text("ines", &hash, &alt("On schema 5"))
        .unwrap();
    sync();
    assert_eq!(
        pg.psql("team", "SELECT alt FROM verdict.media"),
        "On schema 5"
    );
    assert_eq!(ines.desk.team_status().unwrap().pending, 0);

    // Schema 6 and on: the next edit is a change of the log, kind media, by its author.
    assert_eq!(
        rt.block_on(owner().init()).unwrap(),
        verdict_core::team::TEAM_SCHEMA_VERSION
    );
    ines.desk
        .set_media_text("ines", &hash, &alt("On schema 6"))
        .unwrap();
    sync();
    assert_eq!(
        pg.psql(
            "team",
            &format!(
                "SELECT c.author || ' ' || (c.fields->>'alt') || ' ' || m.alt FROM verdict.changes c
                   JOIN verdict.media m ON m.hash = c.key WHERE c.kind = 'media' AND c.key = '{hash}'"
            )
        ),
        "ines On schema 6 On schema 6"
    );
}
