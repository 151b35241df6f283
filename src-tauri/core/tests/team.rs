//! The team desk against a real PostgreSQL (a private cluster started by the test): desks
//! join, work offline, sync and converge; the server, not the desk, enforces the roles.

use std::path::Path;

use serde_json::json;
use verdict_core::desk::VerdictDraft;
use verdict_core::model::{Call, ComparisonStatus, EntityKind, EntryPrice, Tool, VerdictStatus};
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::team::{Resolution, TeamError};
use verdict_core::workflow::{PageAction, VerdictAction};
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, start_team, team_url, MemberSpec};

const HAIKU: &str = "claude-haiku-open-weights";
const SCOUT: &str = "llama-4-scout-quantized";
const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

/// A cluster with a team database, initialised, and its members (password = login + "-pw").
struct Team {
    pg: PgCluster,
    rt: tokio::runtime::Runtime,
}

impl Team {
    fn start(members: &[MemberSpec<'_>]) -> Team {
        let rt = runtime();
        let pg = start_team(&rt, members);
        Team { pg, rt }
    }

    fn url(&self) -> String {
        team_url(&self.pg)
    }

    /// A desk in `dir` joined as `login` (seeding the team with the sample when `seed`).
    fn join(&self, dir: &Path, login: &str, seed: bool) -> Member {
        let desk = Desk::open(dir).unwrap();
        if seed {
            desk.seed_sample_if_empty().unwrap();
        }
        let secrets = MemorySecrets::new();
        let report = self
            .rt
            .block_on(desk.team_join(&self.url(), login, &password(login), seed, &secrets))
            .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
        assert_eq!(report.member.login, login);
        Member {
            desk,
            login: login.to_string(),
            secrets,
        }
    }

    fn sync(&self, m: &Member) -> verdict_core::team::SyncReport {
        self.rt
            .block_on(m.desk.team_sync(&m.secrets, |_| {}))
            .unwrap_or_else(|e| panic!("{} could not sync: {e}", m.login))
    }

    /// A connection with a member's own credentials, as any SQL client would make.
    fn connect_as(&self, login: &str) -> Server {
        self.rt
            .block_on(Server::connect(&self.url(), Some(login), &password(login)))
            .unwrap()
    }
}

struct Member {
    desk: Desk,
    login: String,
    secrets: MemorySecrets,
}

fn export(desk: &Desk) -> String {
    desk.store().export_bundle().unwrap().to_json()
}

fn new_tool(slug: &str, name: &str) -> Tool {
    Tool {
        slug: slug.into(),
        name: name.into(),
        vendor: "Mistral".into(),
        category: "Developer Tools".into(),
        tagline: "Small and quick".into(),
        description: "A compact model.".into(),
        entry_price: EntryPrice::Free,
        license: "Apache-2.0".into(),
        links: Default::default(),
        release_date: None,
        pricing_checked_on: None,
        facts: Default::default(),
        logo: None,
        screenshots: Vec::new(),
    }
}

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
fn a_reviewers_own_login_cannot_do_what_their_role_does_not_allow() {
    let team = Team::start(&[
        ("ines", &["editor"], None),
        ("sam", &["reviewer"], Some("sam-skeptic")),
        ("devon", &["reviewer"], Some("devon-dx")),
    ]);
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let ines = team.join(dirs[0].path(), "ines", true);
    ines.desk
        .create_tool("ines", &new_tool("mistral-small-4", "Mistral Small 4"))
        .unwrap();
    team.sync(&ines);
    let devon = team.join(dirs[1].path(), "devon", false);
    // Devon keeps a draft: private to him until he submits it.
    devon
        .desk
        .save_verdict(
            "devon",
            &VerdictDraft {
                reviewer: "devon-dx".into(),
                tool: "mistral-small-4".into(),
                call: Call::Skip,
                quote: "Devon's private draft".into(),
            },
        )
        .unwrap();
    // And a verdict of his waits for acceptance: returned by the editor, resubmitted.
    team.sync(&devon);
    team.sync(&ines);
    ines.desk
        .verdict_action(
            "ines",
            "devon-dx",
            HAIKU,
            &VerdictAction::Return {
                comment: "Say more about the DX".into(),
            },
        )
        .unwrap();
    team.sync(&ines);
    team.sync(&devon);
    devon
        .desk
        .verdict_action("devon", "devon-dx", HAIKU, &VerdictAction::Submit)
        .unwrap();
    let r = team.sync(&devon);
    assert!(r.refused.is_empty(), "{r:?}");

    let sam = team.connect_as("sam");
    let db = sam.client();
    let desk = uuid::Uuid::now_v7();
    let push = |kind: &str, key: &str, fields: serde_json::Value, prev: serde_json::Value| {
        let id = uuid::Uuid::now_v7();
        let row = team
            .rt
            .block_on(db.query_one(
                "SELECT verdict.push($1, $2, $3, $4, 0, $5, $6)",
                &[&id, &desk, &kind, &key, &fields, &prev],
            ))
            .unwrap();
        row.get::<_, serde_json::Value>(0)
    };
    let refused = |answer: serde_json::Value, what: &str| {
        assert_eq!(answer["outcome"], "refused", "{what}: {answer}");
    };
    let before = team.pg.psql("team", "SELECT md5(string_agg(fields::text || version, ',' ORDER BY kind, key)) FROM verdict.entities");
    let log_before = team.pg.psql("team", "SELECT count(*) FROM verdict.changes");

    refused(
        push(
            "verdict",
            &format!("marcus-business/{HAIKU}"),
            json!({"quote": "mine now"}),
            json!({}),
        ),
        "another reviewer's verdict",
    );
    refused(
        push(
            "verdict",
            "devon-dx/mistral-small-4",
            json!({"quote": "overwritten"}),
            json!({}),
        ),
        "another reviewer's draft",
    );
    refused(
        push(
            "verdict",
            &format!("sam-skeptic/{HAIKU}"),
            json!({"status": "returned", "return_comment": "x"}),
            json!({"status": "accepted"}),
        ),
        "returning a verdict",
    );
    refused(
        push(
            "verdict",
            &format!("devon-dx/{HAIKU}"),
            json!({"status": "accepted"}),
            json!({"status": "submitted"}),
        ),
        "accepting a verdict",
    );
    refused(
        push(
            "comparison",
            SAMPLE,
            json!({"status": "approved"}),
            json!({"status": "in_review"}),
        ),
        "approving a page",
    );
    refused(
        push(
            "comparison",
            SAMPLE,
            json!({"published_at": "2030-01-01T00:00:00Z"}),
            json!({}),
        ),
        "publishing a page",
    );
    refused(
        push("tool", HAIKU, json!({"tagline": "hacked"}), json!({})),
        "editing a tool",
    );
    refused(
        push("site", "site", json!({"site_name": "hacked"}), json!({})),
        "the site settings",
    );

    // Tables are not writable directly, and the log is append-only.
    for sql in [
        "UPDATE verdict.entities SET fields = '{}'",
        "DELETE FROM verdict.entities",
        "INSERT INTO verdict.changes (change_id, desk, kind, key, fields, base, author) VALUES (gen_random_uuid(), gen_random_uuid(), 'tool', 'x', '{}', 0, 'sam')",
        "UPDATE verdict.changes SET author = 'ines'",
        "DELETE FROM verdict.changes",
        "TRUNCATE verdict.changes",
        "UPDATE verdict.members SET roles = '{publisher}' WHERE login = 'sam'",
        "SELECT verdict.add_member('eve', 'Eve', '{publisher}', NULL, 'SCRAM-SHA-256$x')",
        "GRANT verdict_publisher TO sam",
    ] {
        let err = team.rt.block_on(db.batch_execute(sql)).expect_err(sql);
        assert!(
            err.to_string().contains("permission denied") || err.as_db_error().is_some(),
            "{sql}: {err}"
        );
    }
    // Not even the owner edits the log.
    let out = team
        .pg
        .try_psql("team", "UPDATE verdict.changes SET author = 'x'");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("append-only"));
    let out = team.pg.try_psql("team", "DELETE FROM verdict.changes");
    assert!(!out.status.success());

    // Devon's draft is invisible to Sam, in the content and in the log.
    let rows = team
        .rt
        .block_on(db.query(
            "SELECT key FROM verdict.entities WHERE key LIKE 'devon-dx/%'
             UNION ALL SELECT key FROM verdict.changes WHERE key LIKE 'devon-dx/%'",
            &[],
        ))
        .unwrap();
    let keys: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    assert!(
        !keys.iter().any(|k| k == "devon-dx/mistral-small-4"),
        "{keys:?}"
    );
    let drafts = team
        .rt
        .block_on(db.query(
            "SELECT fields::text FROM verdict.changes WHERE fields::text LIKE '%private draft%'",
            &[],
        ))
        .unwrap();
    assert!(drafts.is_empty());
    // ...and so to a desk Sam joins with.
    let sam_desk = team.join(dirs[2].path(), "sam", false);
    assert!(sam_desk
        .desk
        .verdict("devon-dx", "mistral-small-4")
        .unwrap()
        .is_none());

    let after = team.pg.psql("team", "SELECT md5(string_agg(fields::text || version, ',' ORDER BY kind, key)) FROM verdict.entities");
    assert_eq!(
        before, after,
        "a refused attempt changed the team's content"
    );
    assert_eq!(
        log_before,
        team.pg.psql("team", "SELECT count(*) FROM verdict.changes")
    );
}

#[test]
fn bad_passwords_unreachable_servers_and_schemas_from_the_future_are_named_and_change_nothing() {
    let team = Team::start(&[("ines", &["editor"], None)]);
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let before = export(&desk);
    let secrets = MemorySecrets::new();

    let err = team
        .rt
        .block_on(desk.team_join(&team.url(), "ines", "wrong", true, &secrets))
        .unwrap_err();
    assert!(matches!(err, TeamError::WrongPassword { .. }), "{err}");
    assert!(err.to_string().contains("password"), "{err}");

    let err = team
        .rt
        .block_on(desk.team_join(&team.url(), "nobody-here", "x", true, &secrets))
        .unwrap_err();
    assert!(
        matches!(
            err,
            TeamError::WrongPassword { .. } | TeamError::NotMember { .. }
        ),
        "{err}"
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = team
        .rt
        .block_on(desk.team_join(
            &format!("postgres://127.0.0.1:{closed}/team"),
            "ines",
            "ines-pw",
            true,
            &secrets,
        ))
        .unwrap_err();
    assert!(matches!(err, TeamError::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains(&closed.to_string()), "{err}");

    let err = team
        .rt
        .block_on(desk.team_join(
            &format!("postgres://ines:secret@127.0.0.1:{}/team", team.pg.port()),
            "ines",
            "ines-pw",
            true,
            &secrets,
        ))
        .unwrap_err();
    assert!(matches!(err, TeamError::PasswordInAddress), "{err}");

    team.pg.psql(
        "team",
        "UPDATE verdict.meta SET value = '99' WHERE key = 'schema_version'",
    );
    let err = team
        .rt
        .block_on(desk.team_join(&team.url(), "ines", "ines-pw", true, &secrets))
        .unwrap_err();
    assert!(
        matches!(err, TeamError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("update Verdict Desk"), "{err}");
    assert!(desk.team_link().unwrap().is_none());
    assert_eq!(export(&desk), before);

    // Joined, then the server goes away or sends what cannot be read: nothing changes here.
    team.pg.psql(
        "team",
        "UPDATE verdict.meta SET value = '1' WHERE key = 'schema_version'",
    );
    team.rt
        .block_on(desk.team_join(&team.url(), "ines", "ines-pw", true, &secrets))
        .unwrap();
    let joined = export(&desk);
    let cursor = desk.team_link().unwrap().unwrap().cursor;
    team.pg.psql(
        "team",
        "ALTER TABLE verdict.changes DISABLE TRIGGER changes_append_only;
         INSERT INTO verdict.changes (change_id, desk, kind, key, fields, base, author)
           VALUES (gen_random_uuid(), gen_random_uuid(), 'tool', 'x', '[1, 2]', 0, 'ines');",
    );
    let err = team
        .rt
        .block_on(desk.team_sync(&secrets, |_| {}))
        .unwrap_err();
    assert!(matches!(err, TeamError::BadReply(_)), "{err}");
    assert_eq!(export(&desk), joined);
    assert_eq!(desk.team_link().unwrap().unwrap().cursor, cursor);

    team.pg.stop_server();
    let err = team
        .rt
        .block_on(desk.team_sync(&secrets, |_| {}))
        .unwrap_err();
    assert!(matches!(err, TeamError::Unreachable { .. }), "{err}");
    assert_eq!(export(&desk), joined);
    team.pg.start_server();
}

#[test]
fn init_brings_a_team_made_by_an_earlier_version_up_to_date() {
    let pg = PgCluster::start();
    pg.create_database("team");
    let rt = runtime();
    rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        assert_eq!(admin.init_up_to(1).await.unwrap(), 1);
        admin
            .add_member("ines", "Ines", &["editor".into()], None, "ines-pw")
            .await
            .unwrap();
    });
    assert_eq!(
        pg.psql(
            "team",
            "SELECT value FROM verdict.meta WHERE key = 'schema_version'"
        ),
        "1"
    );
    assert!(!pg
        .try_psql("team", "SELECT 1 FROM verdict.targets")
        .status
        .success());
    let version = rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        admin.init().await.unwrap()
    });
    assert_eq!(version, verdict_core::team::TEAM_SCHEMA_VERSION);
    assert_eq!(
        pg.psql(
            "team",
            "SELECT value FROM verdict.meta WHERE key = 'schema_version'"
        ),
        version.to_string()
    );
    assert_eq!(pg.psql("team", "SELECT count(*) FROM verdict.targets"), "0");
    // Members and their content made before stay.
    assert_eq!(pg.psql("team", "SELECT login FROM verdict.members"), "ines");
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
