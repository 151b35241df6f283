//! Talking about the words on a team desk (issue 31), two real apps on a private PostgreSQL:
//! an editor selects words of a reviewer's quote and comments on them with an @mention; the
//! reviewer's open verdict form shows the thread live, the reviewer replies and resolves it,
//! and the editor's form follows. The reviewer's app raises a desktop notification for the
//! mention once its window loses the focus (a real notification server on a private session
//! bus, as the missed-schedule journey).

use thirtyfour::components::SelectElement;

use super::harness::{until, Desk, WAIT};
use super::missed::notify::Notifications;
use super::steps::{self, click, text_where};
use super::team_desks::{join, launch_member, start_team, synced};
use super::team_support::{self, password, team_url};

const HAIKU: &str = "claude-haiku-open-weights";
const DEVON: &str = "devon-dx";

/// Chooses `value` in the `<select>` labelled `label`.
async fn choose(desk: &Desk, label: &str, value: &str) {
    SelectElement::new(&desk.labelled(label).await)
        .await
        .unwrap_or_else(|e| panic!("{label:?} is not a <select>: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{label:?} has no option {value:?}: {e}"));
}

/// Opens Devon's verdict on Haiku in the verdict form (`pick_reviewer`: an editor chooses
/// whose; a reviewer writes as themselves) and waits for its quote.
async fn open_verdict(desk: &Desk, pick_reviewer: bool) {
    steps::open_screen(desk, "reviewers").await;
    click(desk, "reviewers-tab-verdicts").await;
    if pick_reviewer {
        choose(desk, "Reviewer", DEVON).await;
    }
    choose(desk, "Tool", HAIKU).await;
    let quote = &desk.testid("verdict-quote").await;
    until("the quote to show", WAIT, move || async move {
        match quote.value().await.map_err(|e| e.to_string())? {
            Some(v) if v.starts_with("The primitive here") => Ok(()),
            other => Err(format!("it reads {other:?}")),
        }
    })
    .await;
}

/// The text of the form's first comment thread ("" when none).
async fn thread(desk: &Desk) -> String {
    desk.script(
        "const t = document.querySelector('[data-testid=\"comment-thread\"]'); \
         return t ? t.innerText : ''",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn thread_where(desk: &Desk, what: &str, ok: impl Fn(&str) -> bool) {
    let ok = &ok;
    until(what, WAIT, move || async move {
        let text = thread(desk).await;
        if ok(&text) {
            Ok(())
        } else {
            Err(format!("the thread reads {text:?}"))
        }
    })
    .await;
}

#[tokio::test]
async fn an_editor_s_mention_on_a_quote_reaches_the_reviewer_who_replies_and_resolves() {
    static MEMBERS: &[team_support::MemberSpec<'static>] = &[
        ("ines", &["editor"], None),
        ("devon", &["reviewer"], Some(DEVON)),
    ];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    let name = "an_editor_s_mention_on_a_quote_reaches_the_reviewer_who_replies_and_resolves";
    let mut notifications = Notifications::start();
    let ines = launch_member(None, &format!("{name}-ines"), "ines", |data| {
        let desk = verdict_core::Desk::open(data).expect("the desk opens");
        desk.seed_sample_if_empty().expect("the sample loads");
        drop(desk);
        join(data, &url, "ines", true);
    })
    .await;
    let pw = password("devon");
    let env = [
        ("VERDICT_TEAM_PASSWORD", pw.as_str()),
        ("DBUS_SESSION_BUS_ADDRESS", notifications.address()),
        ("VERDICT_NOTICE_TICK_MS", "300"),
    ];
    let devon = Desk::launch_beside(&ines, &format!("{name}-devon"), &env, |data| {
        join(data, &url, "devon", false)
    })
    .await;
    notifications.serve_on(devon.display_name());
    synced(&ines).await;
    synced(&devon).await;
    open_verdict(&devon, false).await;
    open_verdict(&ines, true).await;

    // Ines selects "primitive" in Devon's quote and asks him about it.
    ines.script(
        "const q = document.querySelector('[data-testid=\"verdict-quote\"]'); \
         q.focus(); q.setSelectionRange(4, 13);",
        vec![],
    )
    .await;
    click(&ines, "comment-start").await;
    let body = ines.testid("comment-body").await;
    ines.type_text(&body, "@devon is this still the primitive?")
        .await;
    click(&ines, "comment-send").await;
    thread_where(&ines, "Ines's thread", |t| {
        t.contains("still the primitive")
    })
    .await;

    // Devon's open form shows it without a reload: on the words, from Ines.
    thread_where(&devon, "the thread to reach Devon", |t| {
        t.contains("primitive") && t.contains("@devon is this still the primitive?")
    })
    .await;

    // He replies and resolves it; Ines's form follows.
    let reply = devon.testid("comment-reply-body").await;
    devon
        .type_text(&reply, "Yes: the weights are the product.")
        .await;
    click(&devon, "comment-reply").await;
    thread_where(&devon, "Devon's reply", |t| {
        t.contains("the weights are the product")
    })
    .await;
    thread_where(&ines, "the reply to reach Ines", |t| {
        t.contains("the weights are the product")
    })
    .await;
    click(&devon, "comment-resolve").await;
    text_where(
        &devon,
        "comments-open",
        "no open thread on Devon's form",
        |t| t == "0",
    )
    .await;
    text_where(
        &ines,
        "comments-open",
        "the thread resolved on Ines's form",
        |t| t == "0",
    )
    .await;

    // Looking away from the desk, Devon is told of the mention once.
    notifications.look_away(&devon);
    let raised = until("the mention's notification", WAIT, || {
        let notifications = &notifications;
        async move {
            let raised = notifications.raised();
            match raised.iter().find(|r| r.summary.contains("mentioned you")) {
                Some(r) => Ok(r.clone()),
                None => Err(format!("raised so far: {raised:?}")),
            }
        }
    })
    .await;
    assert!(
        raised.body.contains("still the primitive"),
        "the notification quotes the comment: {raised:?}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let mentions = notifications
        .raised()
        .into_iter()
        .filter(|r| r.summary.contains("mentioned you"))
        .count();
    assert_eq!(mentions, 1, "the mention is raised once");
    drop(devon);
    drop(ines);
    drop(pg);
    drop(notifications);
}
