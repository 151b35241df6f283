//! Roles are enforced in the core: who may move pages and verdicts, and through which states.

use chrono::{Duration, Utc};
use verdict_core::model::{Call, ComparisonStatus, EntityKind, VerdictStatus};
use verdict_core::store::SaveCtx;
use verdict_core::workflow::{PageAction, Profile, Role, VerdictAction, WorkflowError};
use verdict_core::{ApiError, Desk, DeskError, StoreError};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

fn profile(slug: &str, roles: &[Role], reviewer: Option<&str>) -> Profile {
    Profile {
        slug: slug.into(),
        name: slug.to_uppercase(),
        roles: roles.to_vec(),
        reviewer: reviewer.map(Into::into),
    }
}

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    {
        let mut store = desk.store();
        let mut page = store.comparison(SLUG).unwrap().unwrap();
        page.status = ComparisonStatus::Draft;
        page.published_at = None;
        store
            .save_comparison(&SaveCtx::unattributed(), &page)
            .unwrap();
        store
            .save_profile(&profile("ed", &[Role::Editor], None))
            .unwrap();
        store
            .save_profile(&profile("pub", &[Role::Publisher], None))
            .unwrap();
        store
            .save_profile(&profile("sam", &[Role::Reviewer], Some("sam-skeptic")))
            .unwrap();
        store
            .save_profile(&profile("devon", &[Role::Reviewer], Some("devon-dx")))
            .unwrap();
    }
    (dir, desk)
}

fn revisions(desk: &Desk) -> usize {
    desk.history(EntityKind::Comparison, SLUG).unwrap().len()
}

fn refused(result: Result<impl std::fmt::Debug, DeskError>) -> WorkflowError {
    match result {
        Err(DeskError::Workflow(w)) => w,
        other => panic!("expected a workflow refusal, got {other:?}"),
    }
}

#[test]
fn a_page_goes_from_draft_to_published_through_the_right_hands() {
    let (_dir, desk) = desk();
    let before = revisions(&desk);

    // A reviewer may not submit the page, nor approve it.
    let e = refused(desk.page_action("sam", SLUG, PageAction::SubmitForReview));
    assert!(matches!(e, WorkflowError::NotAllowed { .. }));
    assert_eq!(
        e.to_string(),
        "SAM (reviewer) may not submit pages for review: that needs the editor role"
    );
    // A publisher may not approve a draft: it has to be in review first.
    let e = refused(desk.page_action("pub", SLUG, PageAction::Approve));
    assert!(e.to_string().contains("cannot approve a draft"), "{e}");
    assert_eq!(revisions(&desk), before, "a refusal saved something");

    let page = desk
        .page_action("ed", SLUG, PageAction::SubmitForReview)
        .unwrap();
    assert_eq!(page.status, ComparisonStatus::InReview);
    let e = refused(desk.page_action("sam", SLUG, PageAction::Approve));
    assert!(e.to_string().contains("needs the publisher role"), "{e}");
    let e = refused(desk.page_action("ed", SLUG, PageAction::Approve));
    assert!(matches!(e, WorkflowError::NotAllowed { .. }));

    let page = desk.page_action("pub", SLUG, PageAction::Approve).unwrap();
    assert_eq!(page.status, ComparisonStatus::Approved);

    let past = Utc::now() - Duration::hours(1);
    let e = refused(desk.page_action("pub", SLUG, PageAction::Schedule { at: past }));
    assert!(matches!(
        e,
        WorkflowError::Invalid {
            field: "scheduled_for",
            ..
        }
    ));
    let at = Utc::now() + Duration::days(2);
    let page = desk
        .page_action("pub", SLUG, PageAction::Schedule { at })
        .unwrap();
    assert_eq!(
        (page.status, page.scheduled_for),
        (ComparisonStatus::Scheduled, Some(at))
    );

    let page = desk.page_action("pub", SLUG, PageAction::Publish).unwrap();
    assert_eq!(page.status, ComparisonStatus::Published);
    assert!(page.published_at.is_some() && page.scheduled_for.is_none());
    let e = refused(desk.page_action("pub", SLUG, PageAction::Publish));
    assert!(e.to_string().contains("already published"), "{e}");

    let page = desk
        .page_action("pub", SLUG, PageAction::Unpublish)
        .unwrap();
    assert_eq!(page.status, ComparisonStatus::Approved);
    // Every accepted step kept a revision; the stored page is the last state.
    assert_eq!(revisions(&desk), before + 5);
    let stored = desk.store().comparison(SLUG).unwrap().unwrap();
    assert_eq!(stored.status, ComparisonStatus::Approved);
}

#[test]
fn verdicts_are_submitted_by_their_reviewer_and_judged_by_an_editor() {
    let (_dir, desk) = desk();
    {
        let mut store = desk.store();
        let mut v = store
            .verdicts_for_tool(HAIKU)
            .unwrap()
            .into_iter()
            .find(|v| v.reviewer == "sam-skeptic")
            .unwrap();
        v.status = VerdictStatus::Draft;
        v.call = Call::Ship;
        store.save_verdict(&SaveCtx::unattributed(), &v).unwrap();
    }
    // Someone else's verdict cannot be submitted, not even by another reviewer.
    let e = refused(desk.verdict_action("devon", "sam-skeptic", HAIKU, &VerdictAction::Submit));
    assert!(
        e.to_string().contains("only its reviewer, sam-skeptic"),
        "{e}"
    );
    let e = refused(desk.verdict_action("ed", "sam-skeptic", HAIKU, &VerdictAction::Submit));
    assert!(matches!(e, WorkflowError::NotAllowed { .. }));

    let v = desk
        .verdict_action("sam", "sam-skeptic", HAIKU, &VerdictAction::Submit)
        .unwrap();
    assert_eq!(v.status, VerdictStatus::Submitted);
    // Reviewers do not accept their own verdicts.
    let e = refused(desk.verdict_action("sam", "sam-skeptic", HAIKU, &VerdictAction::Accept));
    assert!(e.to_string().contains("needs the editor role"), "{e}");
    let e = refused(desk.verdict_action(
        "ed",
        "sam-skeptic",
        HAIKU,
        &VerdictAction::Return {
            comment: "  ".into(),
        },
    ));
    assert!(matches!(
        e,
        WorkflowError::Invalid {
            field: "return_comment",
            ..
        }
    ));
    let v = desk
        .verdict_action(
            "ed",
            "sam-skeptic",
            HAIKU,
            &VerdictAction::Return {
                comment: "Name the competitors.".into(),
            },
        )
        .unwrap();
    assert_eq!(v.status, VerdictStatus::Returned);
    assert_eq!(v.return_comment.as_deref(), Some("Name the competitors."));

    desk.verdict_action("sam", "sam-skeptic", HAIKU, &VerdictAction::Submit)
        .unwrap();
    let v = desk
        .verdict_action("ed", "sam-skeptic", HAIKU, &VerdictAction::Accept)
        .unwrap();
    assert_eq!(
        (v.status, v.return_comment),
        (VerdictStatus::Accepted, None)
    );
    // The accepted Ship now counts on the page: Haiku goes from 2 of 4 to 3 of 4.
    let html = desk.preview_comparison(SLUG).unwrap();
    assert!(html.contains("3 of 4 reviewers ship"));
}

#[test]
fn refusals_cross_ipc_with_a_code() {
    let (_dir, desk) = desk();
    let e: ApiError = desk
        .page_action("sam", SLUG, PageAction::Approve)
        .unwrap_err()
        .into();
    assert_eq!(e.code, "forbidden");
    let e: ApiError = desk
        .page_action("pub", SLUG, PageAction::Publish)
        .unwrap_err()
        .into();
    assert_eq!(e.code, "wrong_state");
    let e = desk
        .page_action("nobody", SLUG, PageAction::Approve)
        .unwrap_err();
    assert!(matches!(
        e,
        DeskError::Store(StoreError::NotFound {
            kind: "profile",
            ..
        })
    ));
}

#[test]
fn profiles_are_validated() {
    let (_dir, desk) = desk();
    let mut store = desk.store();
    let err = store
        .save_profile(&profile("x", &[Role::Reviewer], None))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("reviewer: a reviewer profile needs"),
        "{err}"
    );
    let err = store
        .save_profile(&profile("y", &[Role::Reviewer], Some("ghost")))
        .unwrap_err();
    assert!(err.to_string().contains("no reviewer \"ghost\""), "{err}");
    let err = store.save_profile(&profile("z", &[], None)).unwrap_err();
    assert!(err
        .to_string()
        .contains("roles: give the profile at least one role"));
}
