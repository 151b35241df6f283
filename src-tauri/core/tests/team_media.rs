//! The team's images against a real PostgreSQL (a private cluster started by the test): a
//! logo added on one desk shows on another with the same bytes and text; a desk without an
//! image's bytes shows the named placeholder and fetches it on demand; a reviewer's own
//! login cannot write an image or replace a logo; a push retried after a lost reply stores
//! each image once; the team's size cap is checked on the server.

use serde_json::{json, Map};
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::team::wire::{Pending, TeamMedia};
use verdict_core::team::TeamError;
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

#[path = "support/team.rs"]
mod team_support;
use team_support::{runtime, team_url};

mod media_images;

#[path = "support/team_media.rs"]
mod team_media_support;
use team_media_support::{add_logo, media_change, tool_html, Member, Team, HAIKU};
#[test]
fn a_logo_added_on_one_desk_shows_on_the_other_with_the_same_bytes_and_text() {
    let team = Team::start(&[("ines", &["editor"], None), ("omar", &["editor"], None)]);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ines = team.join(a.path(), "ines", true);
    let omar = team.join(b.path(), "omar", false);

    let hash = add_logo(&ines, 96, "Haiku's logo");
    ines.desk.set_tool_logo("ines", HAIKU, &hash).unwrap();
    let report = team.sync(&ines);
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(
        team.owner_text("SELECT count(*)::text FROM verdict.media"),
        "1"
    );

    // Omar's desk has nothing of it until it syncs; then the tool, the image and its text.
    assert!(omar.desk.media_item(&hash).is_err());
    let report = team.sync(&omar);
    assert!(report.changed);
    assert_eq!(omar.desk.tool(HAIKU).unwrap().logo.as_deref(), Some(&*hash));
    let theirs = ines.desk.media_item(&hash).unwrap();
    let ours = omar.desk.media_item(&hash).unwrap();
    assert_eq!(
        (&ours.mime, ours.width, ours.height, ours.bytes),
        (&theirs.mime, theirs.width, theirs.height, theirs.bytes)
    );
    assert_eq!(
        (
            &ours.alt,
            &ours.credit,
            ours.decorative,
            &ours.original_name
        ),
        (
            &theirs.alt,
            &theirs.credit,
            theirs.decorative,
            &theirs.original_name
        )
    );
    assert_eq!(ours.added_by.as_deref(), Some("ines"));
    assert_eq!(ours.variants, theirs.variants);
    for name in std::iter::once(theirs.original_file())
        .chain(theirs.variants.iter().map(|v| v.name.clone()))
    {
        assert_eq!(
            omar.desk.media_file(&hash, &name).unwrap(),
            ines.desk.media_file(&hash, &name).unwrap(),
            "{name} differs between the desks"
        );
    }
    let html = tool_html(&omar.desk, HAIKU);
    assert!(
        html.contains(&format!("{hash}/")),
        "the logo is on Omar's page"
    );
    assert!(!html.contains("media-missing"));

    // Its text's edits travel as changes of the log: tests/team_media_text.rs.

    // An image in Markdown goes the same way: before the change whose text shows it.
    let chart = add_logo(&omar, 120, "A chart");
    let mut tool = omar.desk.tool(HAIKU).unwrap();
    tool.description = format!("{}\n\n![The chart](media:{chart})", tool.description);
    omar.desk.save_tool("omar", &tool).unwrap();
    let r = team.sync(&omar);
    assert!(r.refused.is_empty(), "{:?}", r.refused);
    team.sync(&ines);
    assert!(ines.desk.tool(HAIKU).unwrap().description.contains(&chart));
    assert_eq!(ines.desk.media_item(&chart).unwrap().alt, "A chart");
    assert_eq!(
        ines.desk.media_file(&chart, "original.png").unwrap(),
        omar.desk.media_file(&chart, "original.png").unwrap()
    );
}

#[test]
fn a_desk_without_the_bytes_shows_a_named_placeholder_and_fetches_them_on_demand() {
    let team = Team::start(&[("ines", &["editor"], None), ("omar", &["editor"], None)]);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ines = team.join(a.path(), "ines", true);
    let omar = team.join(b.path(), "omar", false);
    let hash = add_logo(&ines, 64, "Logo");
    ines.desk.set_tool_logo("ines", HAIKU, &hash).unwrap();
    team.sync(&ines);

    // The bytes cannot be read (as when the server goes away between the log and the
    // images): the tool and the image's text arrive, the page shows the placeholder.
    let admin = team.admin();
    team.rt
        .block_on(admin.client().batch_execute(
            "REVOKE SELECT ON verdict.media FROM verdict_member;
             GRANT SELECT (hash, mime, width, height, bytes, original_name, alt, credit,
                           decorative, added_by, seq) ON verdict.media TO verdict_member;",
        ))
        .unwrap();
    let failed = team.rt.block_on(omar.desk.team_sync(&omar.secrets, |_| {}));
    assert!(
        matches!(failed, Err(TeamError::MissingRole { .. })),
        "{failed:?}"
    );
    assert_eq!(omar.desk.tool(HAIKU).unwrap().logo.as_deref(), Some(&*hash));
    assert_eq!(
        omar.desk.team_media_missing().unwrap(),
        vec![(hash.clone(), "logo-64.png".to_string())]
    );
    let html = tool_html(&omar.desk, HAIKU);
    assert!(html.contains("media-missing"), "{html}");
    assert!(html.contains("Image not on this desk"), "{html}");

    // Back: the page asks for it, and it comes.
    team.rt
        .block_on(
            admin
                .client()
                .batch_execute("GRANT SELECT ON verdict.media TO verdict_member"),
        )
        .unwrap();
    let fetched = team
        .rt
        .block_on(
            omar.desk
                .team_fetch_media(&omar.secrets, std::slice::from_ref(&hash)),
        )
        .unwrap();
    assert_eq!(fetched, 1);
    assert!(omar.desk.team_media_missing().unwrap().is_empty());
    let html = tool_html(&omar.desk, HAIKU);
    assert!(!html.contains("media-missing"));
    assert_eq!(omar.desk.media_item(&hash).unwrap().alt, "Logo");
}

#[test]
fn a_reviewers_own_login_cannot_write_images_or_replace_a_logo() {
    let team = Team::start(&[
        ("ines", &["editor"], None),
        ("sam", &["reviewer"], Some("sam-skeptic")),
    ]);
    let a = tempfile::tempdir().unwrap();
    let ines = team.join(a.path(), "ines", true);
    let hash = add_logo(&ines, 80, "Logo");
    ines.desk.set_tool_logo("ines", HAIKU, &hash).unwrap();
    team.sync(&ines);
    let other = add_logo(&ines, 40, "Another logo");
    let (_, data) = ines.desk.media_file(&other, "original.png").unwrap();

    let sam = team.connect_as("sam");
    let client = sam.client();
    // Direct SQL: no INSERT, UPDATE or DELETE on the table.
    for sql in [
        format!(
            "INSERT INTO verdict.media (hash, mime, width, height, bytes, original_name,
                 added_by, seq, text_by, data)
             VALUES ('{other}', 'image/png', 40, 40, 3, 'x.png', 'sam', 99, 'sam', '\\x010203')"
        ),
        format!("UPDATE verdict.media SET alt = 'mine' WHERE hash = '{hash}'"),
        format!("DELETE FROM verdict.media WHERE hash = '{hash}'"),
        "SELECT nextval('verdict.media_seq')".to_string(),
    ] {
        let err = team.rt.block_on(client.batch_execute(&sql)).unwrap_err();
        let message = err.as_db_error().map(|d| d.message().to_string());
        assert!(
            message
                .as_deref()
                .is_some_and(|m| m.starts_with("permission denied")),
            "{sql}: {message:?}"
        );
    }
    // Through the functions: refused by role, naming it.
    let sending = TeamMedia {
        hash: other.clone(),
        mime: "image/png".into(),
        width: 40,
        height: 40,
        bytes: data.len() as u64,
        original_name: "other.png".into(),
        alt: String::new(),
        credit: String::new(),
        decorative: true,
        added_by: "sam".into(),
        seq: 0,
    };
    let err = team
        .rt
        .block_on(sam.push_media(&sending, &data))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("adding images needs the editor role"),
        "{err}"
    );
    let answers = team
        .rt
        .block_on(sam.push_batch(
            uuid::Uuid::now_v7(),
            &[media_change(
                &hash,
                json!({"alt": "mine"}),
                json!({"alt": "Logo"}),
            )],
        ))
        .unwrap();
    assert_eq!(answers[0].outcome, "refused");
    assert_eq!(
        answers[0].message.as_deref(),
        Some("changing images needs the editor role")
    );
    // Schema 5's direct call is closed to every member now (schema 6).
    assert!(team
        .rt
        .block_on(sam.set_media_text(&hash, &json!({"alt": "Logo"}), &json!({"alt": "mine"})))
        .is_err());
    // Replacing the tool's logo is a tool change: an editor's, refused on the server.
    let mut fields = Map::new();
    fields.insert("logo".into(), json!(other));
    let mut prev = Map::new();
    prev.insert("logo".into(), json!(hash));
    let change = Pending {
        id: 1,
        change_id: uuid::Uuid::now_v7().to_string(),
        kind: verdict_core::model::EntityKind::Tool,
        key: HAIKU.into(),
        base: 0,
        fields,
        prev,
    };
    let answers = team
        .rt
        .block_on(sam.push_batch(uuid::Uuid::now_v7(), &[change]))
        .unwrap();
    assert_eq!(answers[0].outcome, "refused");
    assert_eq!(
        answers[0].message.as_deref(),
        Some("editing tools needs the editor role")
    );
    assert_eq!(
        team.owner_text(&format!(
            "SELECT fields->>'logo' FROM verdict.entities WHERE kind = 'tool' AND key = '{HAIKU}'"
        )),
        hash
    );
    assert_eq!(
        team.owner_text("SELECT count(*)::text || ' ' || min(alt) FROM verdict.media"),
        "1 Logo"
    );
}

#[test]
fn a_push_retried_after_a_lost_reply_stores_each_image_once_and_the_cap_is_the_servers() {
    let team = Team::start(&[("ines", &["editor"], None)]);
    let a = tempfile::tempdir().unwrap();
    let ines = team.join(a.path(), "ines", true);
    let hashes: Vec<String> = (0..5)
        .map(|i| add_logo(&ines, 40 + i * 8, "Logo"))
        .collect();
    team.sync(&ines);
    let seq_before = team.owner_text("SELECT max(seq)::text FROM verdict.media");

    // The replies were lost: the desk never recorded that the team has them, and sends again.
    let db = rusqlite::Connection::open(a.path().join("verdict.db")).unwrap();
    db.execute("DELETE FROM team_media", []).unwrap();
    db.execute("UPDATE team_link SET media_cursor = 0", [])
        .unwrap();
    let report = team.sync(&ines);
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(
        team.owner_text(
            "SELECT count(*)::text || ' ' || count(DISTINCT hash)::text FROM verdict.media"
        ),
        "5 5"
    );
    assert_eq!(
        team.owner_text("SELECT max(seq)::text FROM verdict.media"),
        seq_before,
        "a retry changes nothing on the team"
    );
    let known: i64 = db
        .query_row("SELECT count(*) FROM team_media", [], |r| r.get(0))
        .unwrap();
    assert_eq!(known, hashes.len() as i64);

    // The server checks the cap and the hash, whatever the desk sends.
    let admin = team.admin();
    team.rt
        .block_on(
            admin.client().batch_execute(
                "UPDATE verdict.meta SET value = '1000' WHERE key = 'media_max_bytes'",
            ),
        )
        .unwrap();
    let big = add_logo(&ines, 300, "Big logo");
    let (_, data) = ines.desk.media_file(&big, "original.png").unwrap();
    assert!(data.len() > 1000);
    let member = team.connect_as("ines");
    let mut sending = TeamMedia {
        hash: big.clone(),
        mime: "image/png".into(),
        width: 300,
        height: 300,
        bytes: data.len() as u64,
        original_name: "big.png".into(),
        alt: String::new(),
        credit: String::new(),
        decorative: true,
        added_by: "ines".into(),
        seq: 0,
    };
    let err = team
        .rt
        .block_on(member.push_media(&sending, &data))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the team takes images up to 1000 bytes"),
        "{err}"
    );
    let report = team.sync(&ines);
    assert_eq!(report.refused.len(), 1, "{:?}", report.refused);
    assert!(report.refused[0].contains("the team takes images up to 1000 bytes"));
    team.rt
        .block_on(admin.client().batch_execute(
            "UPDATE verdict.meta SET value = '26214400' WHERE key = 'media_max_bytes'",
        ))
        .unwrap();
    sending.hash = "0".repeat(64);
    let err = team
        .rt
        .block_on(member.push_media(&sending, &data))
        .unwrap_err();
    assert!(err.to_string().contains("is not what its hash"), "{err}");
    // Text a desk would refuse is refused by the server too, naming the field.
    for (fields, message) in [
        (
            json!({"alt": "two\nlines"}),
            "alt: one line of at most 1000 characters",
        ),
        (
            json!({"credit": "x".repeat(301)}),
            "credit: one line of at most 300 characters",
        ),
        (
            json!({"decorative": "yes"}),
            "decorative: true or false expected",
        ),
        (
            json!({"width": 10}),
            "an image has no field \"width\" to change (alt, credit, decorative)",
        ),
    ] {
        let answers = team
            .rt
            .block_on(member.push_batch(
                uuid::Uuid::now_v7(),
                &[media_change(&hashes[0], fields, json!({}))],
            ))
            .unwrap();
        assert_eq!(answers[0].outcome, "refused");
        assert_eq!(answers[0].message.as_deref(), Some(message));
    }
    let answers = team
        .rt
        .block_on(member.push_batch(
            uuid::Uuid::now_v7(),
            &[media_change(
                &"0".repeat(64),
                json!({"alt": "x"}),
                json!({}),
            )],
        ))
        .unwrap();
    assert_eq!(
        answers[0].message.as_deref(),
        Some(&*format!("the team has no image {}", "0".repeat(64)))
    );
    assert_eq!(
        team.owner_text("SELECT count(*)::text FROM verdict.media"),
        "5"
    );
}

#[test]
fn a_team_made_before_images_takes_them_after_init_upgrades_it() {
    let pg = PgCluster::start();
    pg.create_database("team");
    let rt = runtime();
    let owner = || {
        rt.block_on(Server::connect(
            &pg.url(SUPERUSER, "team"),
            None,
            SUPERUSER_PASSWORD,
        ))
        .unwrap()
    };
    let mut admin = owner();
    assert_eq!(rt.block_on(admin.init_up_to(4)).unwrap(), 4);
    rt.block_on(admin.add_member("ines", "Ines", &["editor".into()], None, "ines-pw"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let secrets = MemorySecrets::new();
    rt.block_on(desk.team_join(&team_url(&pg), "ines", "ines-pw", true, &secrets))
        .unwrap();
    let ines = Member {
        desk,
        login: "ines".into(),
        secrets,
    };
    // On schema 4 the image stays on the desk (the tool change still goes: a desk without
    // the image shows its placeholder); nothing fails.
    let hash = add_logo(&ines, 72, "Logo");
    ines.desk.set_tool_logo("ines", HAIKU, &hash).unwrap();
    let report = rt
        .block_on(ines.desk.team_sync(&ines.secrets, |_| {}))
        .unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert!(!pg
        .try_psql("team", "SELECT 1 FROM verdict.media")
        .status
        .success());

    let mut admin = owner();
    assert_eq!(rt.block_on(admin.init_up_to(5)).unwrap(), 5);
    assert_eq!(
        pg.psql(
            "team",
            "SELECT value FROM verdict.meta WHERE key = 'media_max_bytes'"
        ),
        "26214400"
    );
    let report = rt
        .block_on(ines.desk.team_sync(&ines.secrets, |_| {}))
        .unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(
        pg.psql("team", "SELECT hash FROM verdict.media"),
        hash,
        "the image added while the team had no images reaches it after the upgrade"
    );
}
