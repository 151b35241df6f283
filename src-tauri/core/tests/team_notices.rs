//! Desktop notices on a team desk (a private PostgreSQL, each member on a desk of their own):
//! what one member does reaches, through the sync, the notices of exactly those it concerns,
//! once: a verdict submitted → the editors; returned → its reviewer; a page assigned → its
//! new assignee; approved → the other publishers; a mention → the member mentioned; a reply
//! → those who wrote in the thread before it. Never the member who did it; a kind switched
//! off raises nothing.

use verdict_core::comments::{CommentTarget, NewComment};
use verdict_core::desk::{Assignment, Notice, VerdictDraft, WorkPlace};
use verdict_core::model::{Call, EntityKind};
use verdict_core::notices::NoticeKind;
use verdict_core::workflow::{PageAction, VerdictAction};

#[path = "support/team.rs"]
mod team_support;
use team_support::{new_tool, Member, Team, HAIKU, SAMPLE, SCOUT};

const TOOL: &str = "mistral-small-4";

/// What `m` would be notified of now (and so never again).
fn take(m: &Member) -> Vec<Notice> {
    m.desk.take_notices(chrono::Utc::now()).unwrap()
}

/// `doer`'s work goes to the team, then every member takes the team's news.
fn spread(team: &Team, doer: &Member, members: &[&Member]) {
    sync_all(team, &[doer]);
    sync_all(team, members);
}

fn sync_all(team: &Team, members: &[&Member]) {
    for m in members {
        let r = team.sync(m);
        assert!(r.refused.is_empty(), "{}: {r:?}", m.login);
    }
}

#[test]
fn workflow_steps_reach_the_members_they_concern_once() {
    let team = Team::start(&[
        ("ines", &["editor", "publisher"], None),
        ("erin", &["editor"], None),
        ("sam", &["reviewer"], Some("sam-skeptic")),
        ("devon", &["reviewer"], Some("devon-dx")),
        ("pat", &["publisher"], None),
        ("quinn", &["publisher"], None),
    ]);
    let dirs: Vec<_> = (0..6).map(|_| tempfile::tempdir().unwrap()).collect();
    let ines = team.join(dirs[0].path(), "ines", true);
    let erin = team.join(dirs[1].path(), "erin", false);
    let sam = team.join(dirs[2].path(), "sam", false);
    let devon = team.join(dirs[3].path(), "devon", false);
    let pat = team.join(dirs[4].path(), "pat", false);
    let quinn = team.join(dirs[5].path(), "quinn", false);
    let all = [&ines, &erin, &sam, &devon, &pat, &quinn];
    sync_all(&team, &all);
    // Joining brings the team's content, not news.
    for m in all {
        assert_eq!(take(m), vec![], "{} right after joining", m.login);
    }

    // A tool and a page with sam on its panel.
    ines.desk
        .create_tool("ines", &new_tool(TOOL, "Mistral Small 4"))
        .unwrap();
    let mut page = ines.desk.comparison(SAMPLE).unwrap();
    page.slug = "mistral-small-4-vs-llama-4-scout-quantized".into();
    page.title = "Mistral Small 4 vs Llama 4 Scout Quantized".into();
    page.tools = vec![TOOL.into(), SCOUT.into()];
    page.panel = vec!["sam-skeptic".into()];
    page.assignee = None;
    ines.desk.create_comparison("ines", &page).unwrap();
    sync_all(&team, &all);
    for m in all {
        assert_eq!(take(m), vec![], "{}: a new page is no one's news", m.login);
    }

    // Submitted → the editors, not the reviewers, not a publisher only, not sam himself.
    let draft = VerdictDraft {
        reviewer: "sam-skeptic".into(),
        tool: TOOL.into(),
        call: Call::Ship,
        quote: "Holds up against slower rivals.".into(),
    };
    sam.desk.save_verdict("sam", &draft).unwrap();
    sam.desk
        .verdict_action("sam", "sam-skeptic", TOOL, &VerdictAction::Submit)
        .unwrap();
    spread(&team, &sam, &all);
    for editor in [&ines, &erin] {
        let got = take(editor);
        assert!(
            matches!(got.as_slice(), [Notice::VerdictSubmitted { reviewer, tool, by, .. }]
                if reviewer == "sam-skeptic" && tool == TOOL && by == "sam"),
            "{}: {got:?}",
            editor.login
        );
        assert_eq!(
            got[0].heading(),
            "Verdict submitted: Sam Whitlock on Mistral Small 4"
        );
        assert_eq!(
            got[0].place(),
            Some(WorkPlace::Verdict {
                reviewer: "sam-skeptic".into(),
                tool: TOOL.into()
            })
        );
        assert_eq!(take(editor), vec![], "{}: once", editor.login);
    }
    for other in [&sam, &devon, &pat, &quinn] {
        assert_eq!(take(other), vec![], "{}", other.login);
    }

    // Returned → its reviewer only, with the editor's reason.
    ines.desk
        .verdict_action(
            "ines",
            "sam-skeptic",
            TOOL,
            &VerdictAction::Return {
                comment: "Cite the benchmark.".into(),
            },
        )
        .unwrap();
    sync_all(&team, &all);
    let got = take(&sam);
    assert!(
        matches!(got.as_slice(), [Notice::VerdictReturned { comment: Some(c), by, .. }]
            if c == "Cite the benchmark." && by == "ines"),
        "{got:?}"
    );
    assert_eq!(got[0].body(), "ines says: Cite the benchmark.");
    for other in [&ines, &erin, &devon, &pat, &quinn] {
        assert_eq!(take(other), vec![], "{}", other.login);
    }

    // Assigned → the new assignee only; assigning oneself is no news.
    ines.desk
        .assign(
            "ines",
            &page.slug,
            &Assignment {
                assignee: Some("erin".into()),
                ..Assignment::default()
            },
        )
        .unwrap();
    sync_all(&team, &all);
    let got = take(&erin);
    assert!(
        matches!(got.as_slice(), [Notice::Assigned { slug, by, .. }]
            if *slug == page.slug && by == "ines"),
        "{got:?}"
    );
    assert_eq!(
        got[0].place(),
        Some(WorkPlace::Comparison {
            slug: page.slug.clone()
        })
    );
    for other in [&ines, &sam, &devon, &pat, &quinn] {
        assert_eq!(take(other), vec![], "{}", other.login);
    }
    ines.desk
        .assign(
            "ines",
            &page.slug,
            &Assignment {
                assignee: Some("ines".into()),
                ..Assignment::default()
            },
        )
        .unwrap();
    sync_all(&team, &all);
    for m in all {
        assert_eq!(take(m), vec![], "{}: ines took it herself", m.login);
    }

    // Approved → the publishers other than the one who approved; quinn switched it off.
    quinn
        .desk
        .set_notice_switch(NoticeKind::PageApproved.as_str(), false)
        .unwrap();
    // Unpublished, the page is approved again: that is no approval.
    pat.desk
        .page_action("pat", SAMPLE, PageAction::Unpublish)
        .unwrap();
    spread(&team, &pat, &all);
    for m in all {
        assert_eq!(take(m), vec![], "{}: an unpublish", m.login);
    }
    ines.desk
        .page_action("ines", SAMPLE, PageAction::ReturnToDraft)
        .unwrap();
    ines.desk
        .page_action("ines", SAMPLE, PageAction::SubmitForReview)
        .unwrap();
    spread(&team, &ines, &all);
    pat.desk
        .page_action("pat", SAMPLE, PageAction::Approve)
        .unwrap();
    spread(&team, &pat, &all);
    let got = take(&ines);
    assert!(
        matches!(got.as_slice(), [Notice::PageApproved { slug, by, .. }]
            if slug == SAMPLE && by == "pat"),
        "{got:?}"
    );
    for other in [&erin, &sam, &devon, &pat, &quinn] {
        assert_eq!(take(other), vec![], "{}", other.login);
    }
    // Switched on again, quinn does not get the old news late.
    quinn
        .desk
        .set_notice_switch(NoticeKind::PageApproved.as_str(), true)
        .unwrap();
    assert_eq!(take(&quinn), vec![]);
}

/// A new thread on the first two words of HAIKU's description.
fn on_haiku(desk: &verdict_core::Desk, body: &str) -> NewComment {
    let text = desk.tool(HAIKU).unwrap().description;
    let words: String = text
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let at = text.find(&words).unwrap();
    let start = text[..at].encode_utf16().count() as u32;
    NewComment {
        target: CommentTarget {
            kind: EntityKind::Tool,
            key: HAIKU.into(),
            field: "description".into(),
        },
        start,
        end: start + words.encode_utf16().count() as u32,
        body: body.into(),
    }
}

#[test]
fn a_mention_reaches_the_member_mentioned_and_a_reply_those_who_wrote_before_it() {
    let team = Team::start(&[
        ("ines", &["editor"], None),
        ("sam", &["reviewer"], Some("sam-skeptic")),
        ("devon", &["reviewer"], Some("devon-dx")),
    ]);
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let ines = team.join(dirs[0].path(), "ines", true);
    let sam = team.join(dirs[1].path(), "sam", false);
    let devon = team.join(dirs[2].path(), "devon", false);
    let all = [&ines, &sam, &devon];
    sync_all(&team, &all);
    for m in all {
        take(m);
    }

    // ines opens a thread mentioning sam: sam only.
    let thread = ines
        .desk
        .add_comment("ines", &on_haiku(&ines.desk, "Source for this, @sam?"))
        .unwrap();
    sync_all(&team, &all);
    let got = take(&sam);
    assert!(
        matches!(got.as_slice(), [Notice::Mentioned { by, excerpt, .. }]
            if by == "ines" && excerpt == "Source for this, @sam?"),
        "{got:?}"
    );
    assert_eq!(got[0].place(), Some(WorkPlace::Tool { slug: HAIKU.into() }));
    assert!(
        got[0].heading().starts_with("ines mentioned you on "),
        "{got:?}"
    );
    assert_eq!(take(&ines), vec![]);
    assert_eq!(take(&devon), vec![]);

    // devon replies, mentioning no one: ines wrote in the thread before him; sam was only
    // mentioned, and did not.
    devon
        .desk
        .reply_comment("devon", &thread.id, "The vendor's page says so.")
        .unwrap();
    spread(&team, &devon, &all);
    let got = take(&ines);
    assert!(
        matches!(got.as_slice(), [Notice::Replied { by, .. }] if by == "devon"),
        "{got:?}"
    );
    assert_eq!(take(&sam), vec![]);
    assert_eq!(take(&devon), vec![]);

    // sam replies mentioning devon: devon once (the mention, though he also wrote before),
    // ines by the reply.
    sam.desk
        .reply_comment("sam", &thread.id, "Thanks @devon, that will do.")
        .unwrap();
    spread(&team, &sam, &all);
    let got = take(&devon);
    assert!(
        matches!(got.as_slice(), [Notice::Mentioned { by, .. }] if by == "sam"),
        "{got:?}"
    );
    let got = take(&ines);
    assert!(
        matches!(got.as_slice(), [Notice::Replied { by, .. }] if by == "sam"),
        "{got:?}"
    );
    assert_eq!(take(&sam), vec![]);
    for m in all {
        assert_eq!(take(m), vec![], "{}: once", m.login);
    }
}

/// The id of the newest revision on the desk in `dir`, and of the newest one `author`
/// made of a verdict there.
fn revision_ids(dir: &std::path::Path, author: &str) -> (i64, Option<i64>) {
    let conn = rusqlite::Connection::open(dir.join(verdict_core::store::DB_FILE)).unwrap();
    let newest = conn
        .query_row("SELECT COALESCE(MAX(id), 0) FROM revisions", [], |r| {
            r.get(0)
        })
        .unwrap();
    let theirs = conn
        .query_row(
            "SELECT MAX(id) FROM revisions WHERE entity = 'verdict' AND author = ?1",
            [author],
            |r| r.get(0),
        )
        .unwrap();
    (newest, theirs)
}

/// A join replaces the desk's content, and its revisions are numbered from 1 again: a change
/// made after a rejoin may get the very revision id a notice was raised for before it. It is
/// still news, raised once: notices are named by entity, key, author and save time.
#[test]
fn after_a_rejoin_a_change_is_raised_once_even_on_a_revision_id_raised_before() {
    let team = Team::start(&[
        ("ines", &["editor"], None),
        ("sam", &["reviewer"], Some("sam-skeptic")),
    ]);
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let ines = team.join(dirs[0].path(), "ines", true);
    let sam = team.join(dirs[1].path(), "sam", false);
    let mut tool = new_tool(TOOL, "Mistral Small 4");
    ines.desk.create_tool("ines", &tool).unwrap();
    // Many revisions here before the news, so that the desk rejoined counts fewer.
    for n in 0..12 {
        tool.tagline = format!("Small and quick, take {n}");
        ines.desk.save_tool("ines", &tool).unwrap();
    }
    sync_all(&team, &[&ines, &sam]);
    take(&ines);

    let draft = VerdictDraft {
        reviewer: "sam-skeptic".into(),
        tool: TOOL.into(),
        call: Call::Ship,
        quote: "Holds up against slower rivals.".into(),
    };
    sam.desk.save_verdict("sam", &draft).unwrap();
    sam.desk
        .verdict_action("sam", "sam-skeptic", TOOL, &VerdictAction::Submit)
        .unwrap();
    spread(&team, &sam, &[&ines]);
    let got = take(&ines);
    assert!(
        matches!(got.as_slice(), [Notice::VerdictSubmitted { by, .. }] if by == "sam"),
        "{got:?}"
    );
    let (_, raised_for) = revision_ids(dirs[0].path(), "sam");
    let raised_for = raised_for.expect("sam's submission is a revision here");
    ines.desk
        .verdict_action(
            "ines",
            "sam-skeptic",
            TOOL,
            &VerdictAction::Return {
                comment: "Cite the benchmark.".into(),
            },
        )
        .unwrap();
    spread(&team, &ines, &[&sam]);

    // ines leaves and joins again: the team's content replaces hers, numbered from 1.
    ines.desk.team_leave(false, &ines.secrets).unwrap();
    team.rt
        .block_on(ines.desk.team_join(
            &team.url(),
            "ines",
            &team_support::password("ines"),
            false,
            &ines.secrets,
        ))
        .unwrap();
    sync_all(&team, &[&ines]);
    assert_eq!(take(&ines), vec![], "a rejoin is no news");
    let (newest, _) = revision_ids(dirs[0].path(), "ines");
    assert!(
        newest < raised_for - 1,
        "{newest} revisions after the rejoin"
    );
    // Her own edits, each sent before the next, bring the count to just below the id raised
    // before: sam's next change lands on it.
    let mut newest = newest;
    while newest < raised_for - 1 {
        tool.tagline = format!("Small and quick, again {newest}");
        ines.desk.save_tool("ines", &tool).unwrap();
        sync_all(&team, &[&ines]);
        newest = revision_ids(dirs[0].path(), "ines").0;
    }
    assert_eq!(newest, raised_for - 1);
    assert_eq!(take(&ines), vec![], "her own edits are no news");

    sam.desk
        .verdict_action("sam", "sam-skeptic", TOOL, &VerdictAction::Submit)
        .unwrap();
    spread(&team, &sam, &[&ines]);
    let (_, resubmitted) = revision_ids(dirs[0].path(), "sam");
    assert_eq!(
        resubmitted,
        Some(raised_for),
        "the new submission has the revision id the first one was raised for"
    );
    let got = take(&ines);
    assert!(
        matches!(got.as_slice(), [Notice::VerdictSubmitted { by, .. }] if by == "sam"),
        "the new submission is raised: {got:?}"
    );
    assert_eq!(take(&ines), vec![], "once");
}
