//! Comments through the team (a private PostgreSQL, each member with their own login):
//! a comment made offline syncs later, written on the server as the member signed in; the
//! other desks get it with its anchor on their text, replies and resolution come back; a
//! comment on a draft verdict is seen only by its reviewer and the editors until the verdict
//! is submitted; a member's own SQL cannot write as someone else or read what they may not.

use serde_json::json;
use verdict_core::comments::{CommentTarget, NewComment};
use verdict_core::desk::VerdictDraft;
use verdict_core::model::{Call, EntityKind};
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::workflow::VerdictAction;
use verdict_core::{Desk, DeskError};

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, start_team, team_url};

const HAIKU: &str = "claude-haiku-open-weights";

struct Member {
    desk: Desk,
    login: &'static str,
    secrets: MemorySecrets,
    _dir: tempfile::TempDir,
}

fn join(rt: &tokio::runtime::Runtime, url: &str, login: &'static str, seed: bool) -> Member {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    if seed {
        desk.seed_sample_if_empty().unwrap();
    }
    let secrets = MemorySecrets::new();
    rt.block_on(desk.team_join(url, login, &password(login), seed, &secrets))
        .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
    Member {
        desk,
        login,
        secrets,
        _dir: dir,
    }
}

fn sync(rt: &tokio::runtime::Runtime, m: &Member) -> verdict_core::team::SyncReport {
    rt.block_on(m.desk.team_sync(&m.secrets, |_| {}))
        .unwrap_or_else(|e| panic!("{} could not sync: {e}", m.login))
}

fn on(kind: EntityKind, key: &str, field: &str, text: &str, words: &str, body: &str) -> NewComment {
    let at = text.find(words).expect("words in the text");
    let start = text[..at].encode_utf16().count() as u32;
    NewComment {
        target: CommentTarget {
            kind,
            key: key.into(),
            field: field.into(),
        },
        start,
        end: start + words.encode_utf16().count() as u32,
        body: body.into(),
    }
}

fn count_as(rt: &tokio::runtime::Runtime, server: &Server, sql: &str) -> i64 {
    rt.block_on(server.client().query_one(sql, &[]))
        .unwrap()
        .get(0)
}

#[test]
fn comments_sync_to_who_may_see_the_text_written_as_the_member_signed_in() {
    let rt = runtime();
    let pg = start_team(
        &rt,
        &[
            ("ines", &["editor"], None),
            ("sam", &["reviewer"], Some("sam-skeptic")),
            ("devon", &["reviewer"], Some("devon-dx")),
        ],
    );
    let url = team_url(&pg);
    let ines = join(&rt, &url, "ines", true);
    let sam = join(&rt, &url, "sam", false);
    let devon = join(&rt, &url, "devon", false);
    sync(&rt, &ines);

    // The members become profiles at a sync (whom one may @mention); then, offline, the
    // editor comments on a tool's description and mentions the reviewer.
    let description = ines.desk.tool(HAIKU).unwrap().description;
    let words: String = description
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let made = ines
        .desk
        .add_comment(
            "ines",
            &on(
                EntityKind::Tool,
                HAIKU,
                "description",
                &description,
                &words,
                "Source, @sam?",
            ),
        )
        .unwrap();
    assert!(made.comments[0].pending);
    // Only the member signed in writes on a team desk.
    assert!(matches!(
        ines.desk.add_comment(
            "sam",
            &on(
                EntityKind::Tool,
                HAIKU,
                "description",
                &description,
                &words,
                "as sam"
            )
        ),
        Err(DeskError::Workflow(_))
    ));
    let report = sync(&rt, &ines);
    assert!(report.refused.is_empty(), "{report:?}");
    let mine = ines.desk.entity_comments(EntityKind::Tool, HAIKU).unwrap();
    assert!(!mine[0].comments[0].pending, "sent");

    // The reviewer's desk gets it, anchored on the same words; replies and resolves offline.
    sync(&rt, &sam);
    let got = sam.desk.entity_comments(EntityKind::Tool, HAIKU).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, made.id);
    assert_eq!(got[0].anchor.quote, words);
    assert_eq!(got[0].comments[0].author, "ines");
    assert_eq!(got[0].comments[0].mentions, vec!["sam"]);
    sam.desk
        .reply_comment("sam", &made.id, "Vendor's page, @ines.")
        .unwrap();
    sam.desk.resolve_comment("sam", &made.id, true).unwrap();
    sync(&rt, &sam);
    sync(&rt, &ines);
    let back = ines.desk.store().comment_thread(&made.id).unwrap();
    assert_eq!(back.comments.len(), 2);
    assert_eq!(back.comments[1].author, "sam");
    assert_eq!(back.resolved_by.as_deref(), Some("sam"));
    assert_eq!(
        ines.desk.comment_counts().unwrap().len(),
        0,
        "resolved: none open"
    );

    // A draft verdict's comments: its reviewer's and the editors', nobody else's.
    let mut tool = ines.desk.tool(HAIKU).unwrap();
    tool.slug = "mistral-small-4".into();
    tool.name = "Mistral Small 4".into();
    ines.desk.create_tool("ines", &tool).unwrap();
    sync(&rt, &ines);
    sync(&rt, &sam);
    let quote = "The scenario where this breaks is long contexts.";
    sam.desk
        .save_verdict(
            "sam",
            &VerdictDraft {
                reviewer: "sam-skeptic".into(),
                tool: "mistral-small-4".into(),
                call: Call::Skip,
                quote: quote.into(),
            },
        )
        .unwrap();
    let key = "sam-skeptic/mistral-small-4";
    sam.desk
        .add_comment(
            "sam",
            &on(
                EntityKind::Verdict,
                key,
                "quote",
                quote,
                "long contexts",
                "Check 1M.",
            ),
        )
        .unwrap();
    sync(&rt, &sam);
    let sql = "SELECT count(*) FROM verdict.comments WHERE kind = 'verdict'";
    let as_devon = rt
        .block_on(Server::connect(&url, Some("devon"), &password("devon")))
        .unwrap();
    let as_ines = rt
        .block_on(Server::connect(&url, Some("ines"), &password("ines")))
        .unwrap();
    assert_eq!(
        count_as(&rt, &as_devon, sql),
        0,
        "another reviewer sees no draft's comments"
    );
    assert_eq!(count_as(&rt, &as_ines, sql), 1, "an editor does");
    sync(&rt, &devon);
    assert!(devon
        .desk
        .entity_comments(EntityKind::Verdict, key)
        .unwrap()
        .is_empty());

    // Devon's own login: he cannot comment on the draft, nor write a row himself; what he
    // sends is written as him, whatever it claims.
    let refused = rt
        .block_on(as_devon.put_comment(
            uuid::Uuid::new_v4(),
            &json!({"id": uuid::Uuid::new_v4().to_string(), "kind": "verdict", "key": key, "field": "quote",
                    "anchor": {"start": 0, "end": 3, "quote": "The", "deleted": false},
                    "body": "peek", "mentions": []}),
        ))
        .unwrap();
    assert_eq!(refused["outcome"], "refused", "{refused}");
    let insert = rt.block_on(as_devon.client().execute(
        "INSERT INTO verdict.comments (id, kind, key, field, body, author, desk)
         VALUES (gen_random_uuid(), 'tool', 'x', 'tagline', 'forged', 'ines', gen_random_uuid())",
        &[],
    ));
    assert!(insert.is_err(), "a member writes no row directly");
    let id = uuid::Uuid::new_v4();
    let answer = rt
        .block_on(as_devon.put_comment(
            uuid::Uuid::new_v4(),
            &json!({"id": id.to_string(), "kind": "tool", "key": HAIKU, "field": "tagline", "author": "ines",
                    "anchor": {"start": 0, "end": 3, "quote": "abc", "deleted": false},
                    "body": "Mine", "mentions": ["nobody"]}),
        ))
        .unwrap();
    assert_eq!(answer["outcome"], "refused", "an unknown mention: {answer}");
    rt.block_on(as_devon.put_comment(
        uuid::Uuid::new_v4(),
        &json!({"id": id.to_string(), "kind": "tool", "key": HAIKU, "field": "tagline", "author": "ines",
                "anchor": {"start": 0, "end": 3, "quote": "abc", "deleted": false},
                "body": "Mine", "mentions": []}),
    ))
    .unwrap();
    let author: String = rt
        .block_on(
            as_ines
                .client()
                .query_one("SELECT author FROM verdict.comments WHERE id = $1", &[&id]),
        )
        .unwrap()
        .get(0);
    assert_eq!(author, "devon");

    // Submitted, the verdict and its comments reach every member.
    sam.desk
        .verdict_action(
            "sam",
            "sam-skeptic",
            "mistral-small-4",
            &VerdictAction::Submit,
        )
        .unwrap();
    sync(&rt, &sam);
    assert_eq!(count_as(&rt, &as_devon, sql), 1);
    sync(&rt, &devon);
    let seen = devon
        .desk
        .entity_comments(EntityKind::Verdict, key)
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].anchor.quote, "long contexts");
}

/// `team leave --discard` keeps a comment not yet sent as a note on this desk; a team the
/// desk joins later never gets it (team/sync/status.rs).
#[test]
fn a_comment_left_unsent_by_leave_discard_stays_a_note_and_never_reaches_a_later_team() {
    use verdict_testkit::postgres::{SUPERUSER, SUPERUSER_PASSWORD};
    let rt = runtime();
    let first = start_team(&rt, &[("ines", &["editor"], None)]);
    let later = start_team(&rt, &[("ines", &["editor"], None)]);
    let ines = join(&rt, &team_url(&first), "ines", true);
    sync(&rt, &ines);

    // Written, never sent: leaving needs --discard.
    let description = ines.desk.tool(HAIKU).unwrap().description;
    let words: String = description
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let made = ines
        .desk
        .add_comment(
            "ines",
            &on(
                EntityKind::Tool,
                HAIKU,
                "description",
                &description,
                &words,
                "Only for me now.",
            ),
        )
        .unwrap();
    assert!(made.comments[0].pending);
    assert!(ines.desk.team_leave(false, &ines.secrets).is_err());
    ines.desk.team_leave(true, &ines.secrets).unwrap();
    let note = |desk: &Desk| {
        let threads = desk.entity_comments(EntityKind::Tool, HAIKU).unwrap();
        assert_eq!(threads.len(), 1, "the comment stays on this desk");
        assert_eq!(threads[0].id, made.id);
        assert_eq!(threads[0].comments[0].body, "Only for me now.");
        assert!(!threads[0].comments[0].pending, "a note, not waiting");
    };
    note(&ines.desk);

    // Another team, seeded by this desk, and synced: the note stays here.
    rt.block_on(ines.desk.team_join(
        &team_url(&later),
        "ines",
        &password("ines"),
        true,
        &ines.secrets,
    ))
    .unwrap();
    assert_eq!(ines.desk.team_status().unwrap().pending, 0);
    let report = sync(&rt, &ines);
    assert!(report.refused.is_empty(), "{report:?}");
    let owner = rt
        .block_on(Server::connect(
            &later.url(SUPERUSER, "team"),
            None,
            SUPERUSER_PASSWORD,
        ))
        .unwrap();
    assert_eq!(
        count_as(&rt, &owner, "SELECT count(*) FROM verdict.comments"),
        0,
        "the later team got the note"
    );
    note(&ines.desk);
}
