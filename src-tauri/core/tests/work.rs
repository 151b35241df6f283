//! "My work": what waits for each profile, by role, each item pointing at the place that
//! does it (issue 18, item 4).

use verdict_core::desk::{VerdictDraft, WorkKind, WorkPlace};
use verdict_core::model::{Call, Comparison, ComparisonStatus};
use verdict_core::workflow::{PageAction, VerdictAction};
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";
const SCOUT: &str = "llama-4-scout-quantized";
const MISTRAL: &str = "mistral-small-4";
const NEW_PAGE: &str = "claude-haiku-open-weights-vs-mistral-small-4";

/// The sample desk plus a new tool and a draft page comparing it with Haiku, with two
/// reviewers on its panel: Devon owes a verdict on Mistral Small 4, Sam too.
fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    // Facts stay fresh for ten years here: none is due a recheck, whatever day the test runs.
    let mut site = desk.site().unwrap();
    site.price_recheck_days = Some(3650);
    site.facts_recheck_days = Some(3650);
    desk.save_site("editor", &site).unwrap();
    let mut tool = desk.tool(SCOUT).unwrap();
    tool.slug = MISTRAL.into();
    tool.name = "Mistral Small 4".into();
    desk.create_tool("editor", &tool).unwrap();
    desk.create_comparison(
        "editor",
        &Comparison {
            slug: NEW_PAGE.into(),
            title: "Claude Haiku Open Weights vs Mistral Small 4".into(),
            dek: "Which one?".into(),
            intro: String::new(),
            tools: vec![HAIKU.into(), MISTRAL.into()],
            panel: vec!["devon-dx".into(), "sam-skeptic".into()],
            status: ComparisonStatus::Draft,
            scheduled_for: None,
            published_at: None,
            assignee: None,
            due: None,
            verdicts_due: None,
        },
    )
    .unwrap();
    (dir, desk)
}

fn kinds(desk: &Desk, profile: &str) -> Vec<(WorkKind, WorkPlace)> {
    desk.my_work(profile)
        .unwrap()
        .items
        .into_iter()
        .map(|i| (i.kind, i.place))
        .collect()
}

fn verdict(reviewer: &str, tool: &str) -> WorkPlace {
    WorkPlace::Verdict {
        reviewer: reviewer.into(),
        tool: tool.into(),
    }
}

#[test]
fn a_reviewer_sees_the_verdicts_they_owe_and_the_ones_returned_to_them() {
    let (_dir, desk) = desk();
    let work = desk.my_work("devon-dx").unwrap();
    assert_eq!(work.items.len(), 1, "{work:?}");
    let item = &work.items[0];
    assert_eq!(item.kind, WorkKind::WriteVerdict);
    assert_eq!(item.title, "Write your verdict on Mistral Small 4");
    assert!(
        item.detail
            .contains("Claude Haiku Open Weights vs Mistral Small 4"),
        "{item:?}"
    );
    assert_eq!(item.place, verdict("devon-dx", MISTRAL));

    // Written as a draft: still theirs, to submit.
    let draft = VerdictDraft {
        reviewer: "devon-dx".into(),
        tool: MISTRAL.into(),
        call: Call::Ship,
        quote: "The primitive here is small and sharp.".into(),
    };
    desk.save_verdict("devon-dx", &draft).unwrap();
    assert_eq!(
        kinds(&desk, "devon-dx"),
        [(WorkKind::SubmitVerdict, verdict("devon-dx", MISTRAL))]
    );

    // Submitted: nothing left for Devon; the editor has it to accept.
    desk.verdict_action("devon-dx", "devon-dx", MISTRAL, &VerdictAction::Submit)
        .unwrap();
    assert!(kinds(&desk, "devon-dx").is_empty());
    let editor = desk.my_work("editor").unwrap();
    let accept: Vec<_> = editor
        .items
        .iter()
        .filter(|i| i.kind == WorkKind::AcceptVerdict)
        .collect();
    assert_eq!(accept.len(), 1, "{editor:?}");
    assert_eq!(
        accept[0].title,
        "Accept or return Devon Reyes's verdict on Mistral Small 4"
    );
    assert_eq!(accept[0].place, verdict("devon-dx", MISTRAL));

    // Returned with a comment: back on Devon's list, with the comment.
    desk.verdict_action(
        "editor",
        "devon-dx",
        MISTRAL,
        &VerdictAction::Return {
            comment: "Say what breaks first.".into(),
        },
    )
    .unwrap();
    let work = desk.my_work("devon-dx").unwrap();
    assert_eq!(work.items[0].kind, WorkKind::FixVerdict);
    assert_eq!(
        work.items[0].detail,
        "The editor says: Say what breaks first."
    );
    assert!(!kinds(&desk, "editor")
        .iter()
        .any(|(k, _)| *k == WorkKind::AcceptVerdict));
}

#[test]
fn an_editor_finishes_pages_and_a_publisher_approves_publishes_and_republishes() {
    let (_dir, desk) = desk();
    let page = WorkPlace::Comparison {
        slug: NEW_PAGE.into(),
    };
    // The draft is the editor's; the publisher has nothing on the fresh desk.
    let editor = desk.my_work("editor").unwrap();
    let finish: Vec<_> = editor
        .items
        .iter()
        .filter(|i| i.kind == WorkKind::FinishPage)
        .collect();
    assert_eq!(finish.len(), 1, "{editor:?}");
    assert_eq!(finish[0].place, page);
    assert_eq!(finish[0].detail, "A draft with 2 blockers");
    assert!(kinds(&desk, "publisher").is_empty());
    // Reviewers do not get pages to finish.
    assert!(!kinds(&desk, "devon-dx")
        .iter()
        .any(|(k, _)| *k == WorkKind::FinishPage));

    // Every verdict written, submitted and accepted; the page goes to review.
    for reviewer in ["devon-dx", "sam-skeptic"] {
        desk.save_verdict(
            reviewer,
            &VerdictDraft {
                reviewer: reviewer.into(),
                tool: MISTRAL.into(),
                call: Call::Skip,
                quote: "Direct competitors are many.".into(),
            },
        )
        .unwrap();
        desk.verdict_action(reviewer, reviewer, MISTRAL, &VerdictAction::Submit)
            .unwrap();
        desk.verdict_action("editor", reviewer, MISTRAL, &VerdictAction::Accept)
            .unwrap();
    }
    desk.page_action("editor", NEW_PAGE, PageAction::SubmitForReview)
        .unwrap();
    assert!(
        kinds(&desk, "editor").is_empty(),
        "{:?}",
        kinds(&desk, "editor")
    );
    assert_eq!(
        kinds(&desk, "publisher"),
        [(WorkKind::ApprovePage, page.clone())]
    );

    desk.page_action("publisher", NEW_PAGE, PageAction::Approve)
        .unwrap();
    assert_eq!(kinds(&desk, "publisher"), [(WorkKind::PublishPage, page)]);

    // An edit of the published sample makes it stale: the publisher republishes it.
    desk.page_action("publisher", NEW_PAGE, PageAction::Publish)
        .unwrap();
    let mut sample = desk.comparison(SLUG).unwrap();
    sample.dek = "Changed".into();
    desk.save_comparison("editor", &sample).unwrap();
    assert_eq!(
        kinds(&desk, "publisher"),
        [(
            WorkKind::StalePage,
            WorkPlace::Comparison { slug: SLUG.into() }
        )]
    );
}

#[test]
fn an_unknown_profile_is_refused() {
    let (_dir, desk) = desk();
    assert!(desk.my_work("nobody").is_err());
}
