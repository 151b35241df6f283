//! Assignments on a team (team schema 8) against a real PostgreSQL: a publisher's assignment
//! travels to the editor's desk with its author; the server refuses, by name, a reviewer's
//! login setting one, an assignee who is not an editor, a malformed date, and an editor
//! rescheduling a page (the Schedule action's rule: publishers only).

use serde_json::json;
use verdict_core::desk::Assignment;
use verdict_core::model::EntityKind;
use verdict_core::team::wire::{Pending, PushAnswer};

#[path = "support/team.rs"]
mod team_support;

mod media_images;

#[path = "support/team_media.rs"]
mod team_media_support;
use team_media_support::Team;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn page_change(fields: serde_json::Value) -> Pending {
    let serde_json::Value::Object(fields) = fields else {
        panic!("fields are an object")
    };
    Pending {
        id: 1,
        change_id: uuid::Uuid::now_v7().to_string(),
        kind: EntityKind::Comparison,
        key: SLUG.into(),
        base: 0,
        fields,
        prev: serde_json::Map::new(),
    }
}

fn push_as(team: &Team, login: &str, fields: serde_json::Value) -> PushAnswer {
    let server = team.connect_as(login);
    team.rt
        .block_on(server.push_batch(uuid::Uuid::now_v7(), &[page_change(fields)]))
        .unwrap()
        .remove(0)
}

#[test]
fn assignments_travel_and_the_server_refuses_what_the_roles_do_not_allow() {
    let team = Team::start(&[
        ("ines", &["editor"], None),
        ("pia", &["publisher"], None),
        ("rob", &["reviewer"], Some("devon-dx")),
    ]);
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let ines = team.join(dirs[0].path(), "ines", true);
    let pia = team.join(dirs[1].path(), "pia", false);

    // A publisher who is not an editor assigns the page to an editor, with due dates (the
    // first sync makes every member a profile on the desk).
    team.sync(&pia);
    pia.desk
        .assign(
            "pia",
            SLUG,
            &Assignment {
                assignee: Some("ines".into()),
                due: Some("2026-12-24".into()),
                verdicts_due: Some("2026-12-20".into()),
            },
        )
        .unwrap();
    let report = team.sync(&pia);
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    team.sync(&ines);
    let page = ines.desk.comparison(SLUG).unwrap();
    assert_eq!(page.assignee.as_deref(), Some("ines"));
    assert_eq!(page.due.unwrap().to_string(), "2026-12-24");
    assert_eq!(page.verdicts_due.unwrap().to_string(), "2026-12-20");
    let history = ines
        .desk
        .history_view(EntityKind::Comparison, SLUG)
        .unwrap();
    assert_eq!(history[0].author.as_deref(), Some("pia"));
    assert!(history[0].changes.iter().any(|c| c.field == "due"));

    // A reviewer's own login may not assign, nor set a due date.
    for fields in [json!({"assignee": null}), json!({"due": "2027-01-01"})] {
        let answer = push_as(&team, "rob", fields);
        assert_eq!(answer.outcome, "refused");
        assert_eq!(
            answer.message.as_deref(),
            Some("assigning pages and setting due dates needs the editor or publisher role")
        );
    }
    // An assignee must be an active editor; dates are days of the calendar.
    let cases = [
        (
            json!({"assignee": "pia"}),
            "assignee: \"pia\" is not an active editor of this team",
        ),
        (
            json!({"assignee": "nobody"}),
            "assignee: \"nobody\" is not an active editor of this team",
        ),
        (
            json!({"due": "24.12.2026"}),
            "due: a date as YYYY-MM-DD expected",
        ),
        (
            json!({"verdicts_due": "2026-02-30"}),
            "verdicts_due: 2026-02-30 is not a day of the calendar",
        ),
    ];
    for (fields, message) in cases {
        let answer = push_as(&team, "ines", fields);
        assert_eq!(answer.outcome, "refused");
        assert_eq!(answer.message.as_deref(), Some(message));
    }
    // Rescheduling is the publisher's, on the server as in the Schedule action.
    let answer = push_as(
        &team,
        "ines",
        json!({"scheduled_for": "2027-02-01T09:00:00Z"}),
    );
    assert_eq!(answer.outcome, "refused");
    assert_eq!(
        answer.message.as_deref(),
        Some("scheduling and publishing need the publisher role")
    );
    // Nothing refused reached the team.
    assert_eq!(
        team.owner_text(&format!(
            "SELECT fields->>'assignee' || ' ' || (fields->>'due') FROM verdict.entities
              WHERE kind = 'comparison' AND key = '{SLUG}'"
        )),
        "ines 2026-12-24"
    );
    // The editor clears the assignment from her desk; it is applied on the team.
    ines.desk
        .assign(
            "ines",
            SLUG,
            &Assignment {
                assignee: Some(String::new()),
                due: Some(String::new()),
                verdicts_due: None,
            },
        )
        .unwrap();
    let report = team.sync(&ines);
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(
        team.owner_text(&format!(
            "SELECT coalesce(fields->>'assignee', 'none') FROM verdict.entities
              WHERE kind = 'comparison' AND key = '{SLUG}'"
        )),
        "none"
    );
}

/// Helpers add team migrations side by side: the list must stay in order, or the schema
/// version (its last entry) is wrong and `init` applies a later file before an earlier one.
#[test]
fn team_migrations_are_listed_in_order() {
    use verdict_core::team::server::{TEAM_MIGRATIONS, TEAM_SCHEMA_VERSION};
    let numbers: Vec<u32> = TEAM_MIGRATIONS.iter().map(|(n, _)| *n).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    assert_eq!(Some(&TEAM_SCHEMA_VERSION), numbers.last());
    assert!(numbers.contains(&9), "the assignments migration is listed");
}
