//! The team's roles are the server's: a member's own login, used from any SQL client, can
//! do no more than their role allows, whatever a desk would let them try.

use serde_json::json;
use verdict_core::desk::VerdictDraft;
use verdict_core::model::Call;
use verdict_core::workflow::VerdictAction;

#[path = "support/team.rs"]
mod team_support;
use team_support::{new_tool, Team, HAIKU, SAMPLE};

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
