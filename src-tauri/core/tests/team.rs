//! The team desk against a real PostgreSQL (a private cluster started by the test): desks
//! join, work offline, sync and converge, conflicts keep both sides, and an offline step the
//! team has overtaken is refused. The roles are in team_roles.rs, the server's door (bad
//! passwords, unreachable servers, schema versions) in team_connect.rs.

use serde_json::json;
use verdict_core::desk::VerdictDraft;
use verdict_core::model::{Call, ComparisonStatus, EntityKind, VerdictStatus};
use verdict_core::team::Resolution;
use verdict_core::workflow::{PageAction, VerdictAction};
use verdict_core::Desk;

#[path = "support/team.rs"]
mod team_support;
use team_support::{export, new_tool, Team, HAIKU, SAMPLE, SCOUT};

#[test]
fn three_desks_work_offline_sync_and_converge_through_the_team() {
    let team = Team::start(&[
        ("ines", &["editor"], None),
        ("sam", &["reviewer"], Some("sam-skeptic")),
        ("pat", &["publisher"], None),
    ]);
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    // The editor seeds the team from the desk she worked on alone; the others clone it.
    let editor = team.join(dirs[0].path(), "ines", true);
    let reviewer = team.join(dirs[1].path(), "sam", false);
    let publisher = team.join(dirs[2].path(), "pat", false);
    assert_eq!(export(&reviewer.desk), export(&editor.desk));
    assert_eq!(export(&publisher.desk), export(&editor.desk));

    // The editor adds a tool and a page for it; everyone syncs.
    editor
        .desk
        .create_tool("ines", &new_tool("mistral-small-4", "Mistral Small 4"))
        .unwrap();
    let mut page = editor.desk.comparison(SAMPLE).unwrap();
    page.slug = "mistral-small-4-vs-llama-4-scout-quantized".into();
    page.title = "Mistral Small 4 vs Llama 4 Scout Quantized".into();
    page.tools = vec!["mistral-small-4".into(), SCOUT.into()];
    page.panel = vec!["sam-skeptic".into()];
    editor.desk.create_comparison("ines", &page).unwrap();
    let pushed = team.sync(&editor);
    assert_eq!(pushed.pushed, 2, "{pushed:?}");
    team.sync(&reviewer);
    team.sync(&publisher);

    // Offline: the reviewer writes and submits a verdict, the editor changes a tagline.
    let draft = VerdictDraft {
        reviewer: "sam-skeptic".into(),
        tool: "mistral-small-4".into(),
        call: Call::Ship,
        quote: "Direct competitors are slower; this one holds up.".into(),
    };
    reviewer.desk.save_verdict("sam", &draft).unwrap();
    reviewer
        .desk
        .verdict_action(
            "sam",
            "sam-skeptic",
            "mistral-small-4",
            &VerdictAction::Submit,
        )
        .unwrap();
    let mut scout = editor.desk.tool(SCOUT).unwrap();
    scout.tagline = "Open weights, squeezed to fit one GPU".into();
    editor.desk.save_tool("ines", &scout).unwrap();

    let r = team.sync(&reviewer);
    assert_eq!((r.pushed, r.conflicts, r.refused.len()), (2, 0, 0), "{r:?}");
    let e = team.sync(&editor);
    assert_eq!((e.pushed, e.conflicts), (1, 0), "{e:?}");
    team.sync(&reviewer);
    team.sync(&publisher);
    for m in [&editor, &reviewer, &publisher] {
        assert_eq!(
            m.desk.tool(SCOUT).unwrap().tagline,
            scout.tagline,
            "{}",
            m.login
        );
        let v = m
            .desk
            .verdict("sam-skeptic", "mistral-small-4")
            .unwrap()
            .unwrap();
        assert_eq!(v.status, VerdictStatus::Submitted, "{}", m.login);
        assert_eq!(v.quote, draft.quote, "{}", m.login);
    }

    // The editor accepts, then submits the page for review; the publisher approves and
    // publishes.
    editor
        .desk
        .verdict_action(
            "ines",
            "sam-skeptic",
            "mistral-small-4",
            &VerdictAction::Accept,
        )
        .unwrap();
    editor
        .desk
        .page_action("ines", &page.slug, PageAction::SubmitForReview)
        .unwrap();
    team.sync(&editor);
    team.sync(&publisher);
    publisher
        .desk
        .page_action("pat", &page.slug, PageAction::Approve)
        .unwrap();
    publisher
        .desk
        .page_action("pat", &page.slug, PageAction::Publish)
        .unwrap();
    let p = team.sync(&publisher);
    assert!(p.refused.is_empty(), "{p:?}");
    for m in [&editor, &reviewer, &publisher] {
        team.sync(m);
    }
    for m in [&editor, &reviewer, &publisher] {
        let overview = m.desk.overview().unwrap();
        let summary = overview
            .comparisons
            .iter()
            .find(|c| c.slug == page.slug)
            .unwrap_or_else(|| panic!("{} lacks the new page", m.login));
        assert_eq!(summary.status, ComparisonStatus::Published, "{}", m.login);
        let card = summary
            .tools
            .iter()
            .find(|t| t.slug == "mistral-small-4")
            .unwrap();
        // One panellist, one accepted Ship: 100%.
        assert_eq!(card.panel_ship.ship, 1, "{}", m.login);
        assert_eq!(card.panel_ship.total, 1, "{}", m.login);
    }
    assert_eq!(export(&reviewer.desk), export(&editor.desk));
    assert_eq!(export(&publisher.desk), export(&editor.desk));
}

#[test]
fn the_same_field_changed_on_two_desks_is_a_conflict_that_keeps_both_and_resolves_everywhere() {
    let team = Team::start(&[("ines", &["editor"], None), ("omar", &["editor"], None)]);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ines = team.join(a.path(), "ines", true);
    let omar = team.join(b.path(), "omar", false);

    // Different fields of one tool merge; the same field is a conflict.
    let mut t = ines.desk.tool(HAIKU).unwrap();
    t.tagline = "Ines's tagline".into();
    ines.desk.save_tool("ines", &t).unwrap();
    let mut t = omar.desk.tool(HAIKU).unwrap();
    t.tagline = "Omar's tagline".into();
    t.license = "MIT".into();
    omar.desk.save_tool("omar", &t).unwrap();

    team.sync(&ines);
    let report = team.sync(&omar);
    assert_eq!(report.conflicts, 1, "{report:?}");
    let conflicts = omar.desk.team_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!(c.field, "tagline");
    assert_eq!(c.mine, json!("Omar's tagline"));
    assert_eq!(c.mine_author, "omar");
    assert_eq!(c.theirs, json!("Ines's tagline"));
    assert_eq!(c.theirs_author, "ines");
    // Until resolved, this desk shows what the team holds; its own value is in the conflict.
    assert_eq!(omar.desk.tool(HAIKU).unwrap().tagline, "Ines's tagline");
    team.sync(&ines);
    assert_eq!(
        ines.desk.tool(HAIKU).unwrap().license,
        "MIT",
        "the other field merged"
    );

    omar.desk.team_resolve(c.id, Resolution::Mine).unwrap();
    assert!(omar.desk.team_conflicts().unwrap().is_empty());
    let r = team.sync(&omar);
    assert_eq!((r.pushed, r.conflicts), (1, 0), "{r:?}");
    team.sync(&ines);
    assert_eq!(ines.desk.tool(HAIKU).unwrap().tagline, "Omar's tagline");
    assert_eq!(export(&ines.desk), export(&omar.desk));
}

#[test]
fn an_approve_made_offline_on_a_page_returned_meanwhile_is_refused_and_set_back() {
    let team = Team::start(&[("ines", &["editor"], None), ("pat", &["publisher"], None)]);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ines = team.join(a.path(), "ines", true);
    let pat = team.join(b.path(), "pat", false);
    // The sample page is published; the publisher unpublishes, the editor returns it to
    // review... set up a page in review first.
    pat.desk
        .page_action("pat", SAMPLE, PageAction::Unpublish)
        .unwrap();
    team.sync(&pat);
    team.sync(&ines);
    ines.desk
        .page_action("ines", SAMPLE, PageAction::ReturnToDraft)
        .unwrap();
    ines.desk
        .page_action("ines", SAMPLE, PageAction::SubmitForReview)
        .unwrap();
    team.sync(&ines);
    team.sync(&pat);
    assert_eq!(
        pat.desk.comparison(SAMPLE).unwrap().status,
        ComparisonStatus::InReview
    );

    // Offline, both act: the editor returns it to draft, the publisher approves it.
    ines.desk
        .page_action("ines", SAMPLE, PageAction::ReturnToDraft)
        .unwrap();
    pat.desk
        .page_action("pat", SAMPLE, PageAction::Approve)
        .unwrap();
    team.sync(&ines);
    let report = team.sync(&pat);
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert!(report.refused[0].contains("draft"), "{report:?}");
    assert_eq!(
        pat.desk.comparison(SAMPLE).unwrap().status,
        ComparisonStatus::Draft
    );
    let refusals = pat.desk.team_refusals().unwrap();
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].kind, EntityKind::Comparison);
    assert_eq!(export(&ines.desk), export(&pat.desk));
}

#[test]
fn two_desks_making_the_page_for_the_same_tools_offline_end_with_one_and_nothing_stuck() {
    let team = Team::start(&[("ines", &["editor"], None), ("omar", &["editor"], None)]);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ines = team.join(a.path(), "ines", true);
    ines.desk
        .create_tool("ines", &new_tool("mistral-small-4", "Mistral Small 4"))
        .unwrap();
    team.sync(&ines);
    let omar = team.join(b.path(), "omar", false);

    // Offline, both make the page for Mistral vs Scout, under different slugs.
    let page = |desk: &Desk, slug: &str, title: &str, who: &str| {
        let mut p = desk.comparison(SAMPLE).unwrap();
        p.slug = slug.into();
        p.title = title.into();
        p.tools = vec!["mistral-small-4".into(), SCOUT.into()];
        desk.create_comparison(who, &p).unwrap();
    };
    page(&ines.desk, "mistral-vs-scout", "Ines's page", "ines");
    page(&omar.desk, "scout-vs-mistral", "Omar's page", "omar");
    team.sync(&ines);
    let report = team.sync(&omar);
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert!(
        report.refused[0]
            .contains("already have a comparison page on the team: \"mistral-vs-scout\""),
        "{report:?}"
    );
    assert!(report.set_aside.is_empty(), "{report:?}");
    // Omar's desk now has the team's page, and his text is kept with the refusal.
    assert_eq!(
        omar.desk.comparison("mistral-vs-scout").unwrap().title,
        "Ines's page"
    );
    assert!(omar.desk.comparison("scout-vs-mistral").is_err());
    let refusals = omar.desk.team_refusals().unwrap();
    assert!(refusals[0].message.contains("Omar's page"), "{refusals:?}");
    // Later changes keep flowing.
    let mut t = ines.desk.tool("mistral-small-4").unwrap();
    t.tagline = "After the clash".into();
    ines.desk.save_tool("ines", &t).unwrap();
    team.sync(&ines);
    team.sync(&omar);
    assert_eq!(
        omar.desk.tool("mistral-small-4").unwrap().tagline,
        "After the clash"
    );
    assert_eq!(export(&ines.desk), export(&omar.desk));

    // A change in the log that a desk cannot take (here an empty tool name, written past
    // the functions by the server's owner) is set aside and reported; the log goes on.
    team.pg.psql(
        "team",
        &format!(
            "INSERT INTO verdict.changes (change_id, desk, kind, key, fields, base, author)
             VALUES (gen_random_uuid(), gen_random_uuid(), 'tool', '{HAIKU}', '{{\"name\": \"\"}}', 0, 'owner')"
        ),
    );
    t.tagline = "After the bad change".into();
    ines.desk.save_tool("ines", &t).unwrap();
    let r = team.sync(&ines);
    assert_eq!(r.set_aside.len(), 1, "{r:?}");
    assert!(r.set_aside[0].contains("name"), "{r:?}");
    team.sync(&omar);
    assert_eq!(
        omar.desk.tool("mistral-small-4").unwrap().tagline,
        "After the bad change"
    );
    assert_eq!(
        omar.desk.tool(HAIKU).unwrap().name,
        ines.desk.tool(HAIKU).unwrap().name
    );
}
