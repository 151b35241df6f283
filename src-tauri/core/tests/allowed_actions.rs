//! "What may I do with this page?" answered by the core: every step for every role and state,
//! why a step is not allowed, and that the answer is what the step itself then does.

use std::collections::HashMap;
use verdict_core::store::SaveCtx;

use chrono::{Duration, Utc};
use verdict_core::model::{Comparison, ComparisonStatus};
use verdict_core::workflow::{
    apply_page_action, page_actions, ActionAvailability, ActionBlock, PageAction, PageActionKind,
    Profile, Role, WorkflowError,
};
use verdict_core::{ApiError, Desk, DeskError, StoreError};

use ComparisonStatus as S;
use PageActionKind as K;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const STATES: [ComparisonStatus; 5] = [
    S::Draft,
    S::InReview,
    S::Approved,
    S::Scheduled,
    S::Published,
];

fn profile(slug: &str, roles: &[Role]) -> Profile {
    Profile {
        slug: slug.into(),
        name: slug.to_uppercase(),
        roles: roles.to_vec(),
        reviewer: roles
            .contains(&Role::Reviewer)
            .then(|| "sam-skeptic".into()),
    }
}

fn by_kind(list: Vec<ActionAvailability>) -> HashMap<PageActionKind, ActionAvailability> {
    list.into_iter().map(|a| (a.action, a)).collect()
}

fn step(kind: PageActionKind) -> PageAction {
    match kind {
        K::SubmitForReview => PageAction::SubmitForReview,
        K::ReturnToDraft => PageAction::ReturnToDraft,
        K::Approve => PageAction::Approve,
        K::Schedule => PageAction::Schedule {
            at: Utc::now() + Duration::days(1),
        },
        K::Publish => PageAction::Publish,
        K::Unpublish => PageAction::Unpublish,
    }
}

fn page(status: ComparisonStatus) -> Comparison {
    Comparison {
        slug: "a-vs-b".into(),
        title: "A vs B".into(),
        dek: String::new(),
        intro: String::new(),
        tools: vec!["a".into(), "b".into()],
        panel: vec![],
        status,
        scheduled_for: None,
        published_at: None,
        assignee: None,
        due: None,
        verdicts_due: None,
    }
}

#[test]
fn each_state_offers_its_steps_in_order_with_the_main_one_first() {
    let everyone = profile("all", &[Role::Editor, Role::Reviewer, Role::Publisher]);
    let expected: [(ComparisonStatus, &[PageActionKind], Option<PageActionKind>); 5] = [
        (S::Draft, &[K::SubmitForReview], Some(K::SubmitForReview)),
        (
            S::InReview,
            &[K::Approve, K::ReturnToDraft],
            Some(K::Approve),
        ),
        (
            S::Approved,
            &[K::Publish, K::Schedule, K::ReturnToDraft],
            Some(K::Publish),
        ),
        (
            S::Scheduled,
            &[K::Publish, K::Schedule, K::ReturnToDraft],
            Some(K::Publish),
        ),
        (S::Published, &[K::Unpublish], None),
    ];
    for (status, applying, main) in expected {
        let answer = page_actions(Ok(&everyone), status);
        // Every step is answered for, always in the same order.
        let order: Vec<PageActionKind> = answer.iter().map(|a| a.action).collect();
        assert_eq!(order, PageActionKind::ALL, "{status:?}");
        let applies: Vec<PageActionKind> = answer
            .iter()
            .filter(|a| a.applies)
            .map(|a| a.action)
            .collect();
        assert_eq!(applies, applying, "{status:?}");
        let mains: Vec<PageActionKind> =
            answer.iter().filter(|a| a.main).map(|a| a.action).collect();
        assert_eq!(mains, main.into_iter().collect::<Vec<_>>(), "{status:?}");
        for a in &answer {
            // With every role, only the state stands in the way.
            assert_eq!(a.allowed, a.applies, "{status:?} {:?}", a.action);
            assert_eq!(a.role, a.action.role());
            assert_eq!(
                a.asks_about_blockers,
                matches!(a.action, K::Approve | K::Schedule | K::Publish),
                "{:?}",
                a.action
            );
        }
    }
}

#[test]
fn each_role_is_told_which_role_a_step_needs() {
    let editor = profile("ed", &[Role::Editor]);
    let publisher = profile("pub", &[Role::Publisher]);
    let reviewer = profile("sam", &[Role::Reviewer]);
    let missing = |role| Some(ActionBlock::MissingRole { role });

    let a = by_kind(page_actions(Ok(&editor), S::InReview));
    assert_eq!(a[&K::Approve].reason, missing(Role::Publisher));
    assert!(!a[&K::Approve].allowed && a[&K::Approve].applies);
    assert!(a[&K::ReturnToDraft].allowed);
    assert_eq!(a[&K::ReturnToDraft].reason, None);

    let a = by_kind(page_actions(Ok(&publisher), S::InReview));
    assert!(a[&K::Approve].allowed);
    assert_eq!(a[&K::ReturnToDraft].reason, missing(Role::Editor));

    let a = by_kind(page_actions(Ok(&reviewer), S::Draft));
    assert_eq!(a[&K::SubmitForReview].reason, missing(Role::Editor));
    assert!(a.values().all(|s| !s.allowed));

    let a = by_kind(page_actions(Ok(&publisher), S::Published));
    assert!(a[&K::Unpublish].allowed);
    assert_eq!(
        a[&K::Publish].reason,
        Some(ActionBlock::WrongState {
            status: S::Published,
            hint: "it is already published".into()
        })
    );
    // The role is named before the state, as the step's own refusal does.
    let a = by_kind(page_actions(Ok(&editor), S::Published));
    assert_eq!(a[&K::Publish].reason, missing(Role::Publisher));
    assert_eq!(a[&K::Unpublish].reason, missing(Role::Publisher));

    let a = page_actions(Err(ActionBlock::NoProfile), S::Approved);
    assert!(a
        .iter()
        .all(|s| !s.allowed && s.reason == Some(ActionBlock::NoProfile)));
    // Which steps apply does not depend on who asks.
    let applies: Vec<PageActionKind> = a.iter().filter(|s| s.applies).map(|s| s.action).collect();
    assert_eq!(applies, [K::Publish, K::Schedule, K::ReturnToDraft]);
}

#[test]
fn the_answer_is_what_the_step_itself_does() {
    let profiles = [
        profile("ed", &[Role::Editor]),
        profile("pub", &[Role::Publisher]),
        profile("sam", &[Role::Reviewer]),
        profile("both", &[Role::Editor, Role::Publisher]),
    ];
    let mut checked = 0;
    for who in &profiles {
        for status in STATES {
            for a in page_actions(Ok(who), status) {
                let mut p = page(status);
                let result = apply_page_action(who, &mut p, step(a.action), Utc::now());
                match (&result, &a.reason) {
                    (Ok(()), None) => assert!(a.allowed),
                    (
                        Err(WorkflowError::NotAllowed { .. }),
                        Some(ActionBlock::MissingRole { role }),
                    ) => {
                        assert_eq!(*role, a.action.role())
                    }
                    (
                        Err(WorkflowError::WrongState { hint, .. }),
                        Some(ActionBlock::WrongState { status: s, hint: h }),
                    ) => {
                        assert_eq!((*s, h.as_str()), (status, *hint));
                    }
                    other => panic!("{} {status:?} {:?}: {other:?}", who.slug, a.action),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 5 * 6);
}

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    {
        let mut store = desk.store();
        let mut page = store.comparison(SLUG).unwrap().unwrap();
        page.status = S::InReview;
        page.published_at = None;
        store
            .save_comparison(&SaveCtx::unattributed(), &page)
            .unwrap();
        store.save_profile(&profile("ed", &[Role::Editor])).unwrap();
        store
            .save_profile(&profile("pub", &[Role::Publisher]))
            .unwrap();
    }
    (dir, desk)
}

#[test]
fn the_desk_answers_for_the_saved_page_and_the_profile_working() {
    let (_dir, desk) = desk();
    let a = by_kind(desk.allowed_actions("pub", SLUG).unwrap());
    assert!(a[&K::Approve].allowed);
    let a = by_kind(desk.allowed_actions("ed", SLUG).unwrap());
    assert_eq!(
        a[&K::Approve].reason,
        Some(ActionBlock::MissingRole {
            role: Role::Publisher
        })
    );
    // Nobody working, or someone the desk does not know, is an answer, not an error.
    for nobody in ["", "ghost"] {
        let a = desk.allowed_actions(nobody, SLUG).unwrap();
        assert!(
            a.iter()
                .all(|s| !s.allowed && s.reason == Some(ActionBlock::NoProfile)),
            "{nobody:?}: {a:?}"
        );
    }
    // An unknown page is.
    assert!(matches!(
        desk.allowed_actions("pub", "no-such-page"),
        Err(DeskError::Store(StoreError::NotFound { .. }))
    ));

    // The answer follows the page: approved, it may be published.
    desk.page_action("pub", SLUG, PageAction::Approve).unwrap();
    let a = by_kind(desk.allowed_actions("pub", SLUG).unwrap());
    assert!(a[&K::Publish].allowed && a[&K::Publish].main);
    assert!(!a[&K::Approve].applies);
}

#[test]
fn the_answer_crosses_ipc_as_the_ui_reads_it() {
    let (_dir, desk) = desk();
    let answer = desk.allowed_actions("ed", SLUG).unwrap();
    let approve = answer.iter().find(|a| a.action == K::Approve).unwrap();
    assert_eq!(
        serde_json::to_value(approve).unwrap(),
        serde_json::json!({
            "action": "approve",
            "role": "publisher",
            "applies": true,
            "allowed": false,
            "reason": {"kind": "missing_role", "role": "publisher"},
            "main": true,
            "asks_about_blockers": true
        })
    );
    let submit = answer
        .iter()
        .find(|a| a.action == K::SubmitForReview)
        .unwrap();
    assert_eq!(
        serde_json::to_value(&submit.reason).unwrap(),
        serde_json::json!({"kind": "wrong_state", "status": "in_review", "hint": "only drafts go to review"})
    );
}

#[test]
fn a_pair_taken_refusal_crosses_ipc_with_its_code_and_the_page_in_the_way() {
    let (_dir, desk) = desk();
    let existing = desk.comparison(SLUG).unwrap();
    let mut again = existing.clone();
    again.slug = "scout-vs-haiku".into();
    again.title = "Scout vs Haiku".into();
    again.tools.reverse();
    let err = desk.create_comparison("ed", &again).unwrap_err();
    assert!(
        matches!(&err, DeskError::PairTaken { slug, title } if slug == SLUG && *title == existing.title),
        "{err:?}"
    );
    let message = format!("these tools already have a comparison page: \"{SLUG}\"");
    assert_eq!(
        serde_json::to_value(ApiError::from(err)).unwrap(),
        serde_json::json!({
            "code": "pair_taken",
            "message": message,
            "field": "tools",
            "problems": [{"field": "tools", "message": message}],
            "details": {"kind": "pair_taken", "slug": SLUG, "title": existing.title}
        })
    );
    // Refused: nothing was created.
    assert!(desk.comparison("scout-vs-haiku").is_err());
}
