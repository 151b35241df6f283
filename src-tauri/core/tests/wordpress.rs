//! The WordPress target against a real WordPress (Debian's packages, PHP's built-in server,
//! a private MariaDB) on 127.0.0.1, brought up by `.ci/wordpress` in a state folder of its own.

mod wordpress_site;

use std::sync::Arc;
use std::time::Duration;
use verdict_core::store::SaveCtx;

use verdict_core::desk::Selection;
use verdict_core::publish::{run_until_settled, JobState, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use wordpress_site::{options, Site};

#[test]
fn publishes_to_wordpress_and_reports_an_edit_there_as_a_conflict_that_keeps_it() {
    let site = Site::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let slug = desk.overview().unwrap().comparisons[0].slug.clone();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = TargetConfig {
        name: "wp".into(),
        kind: TargetKind::Wordpress,
        url: site.url.clone(),
        user: Some(site.user.clone()),
    };
    desk.add_target("publisher", &config, Some(&site.password), secrets.as_ref())
        .unwrap();
    let said = rt
        .block_on(verdict_core::desk::test_target(&config, secrets.as_ref()))
        .unwrap();
    assert!(said.contains("signed in as"), "{said}");

    // Publish: the post carries the page.
    let run = |desk: &Desk| {
        rt.block_on(run_until_settled(
            desk.data_dir(),
            secrets.clone(),
            options(),
            |_| {},
        ))
        .unwrap()
    };
    desk.queue_publish(
        "publisher",
        Some("wp"),
        &Selection::Pages(vec![slug.clone()]),
    )
    .unwrap();
    let summary = run(&desk);
    assert_eq!(summary.done, 1, "{summary}");
    let view = desk.publishing_view().unwrap();
    let held = &view.pages[0];
    assert!(held.url.as_deref().unwrap().starts_with(&site.url));
    let id = held.remote_id.clone().expect("the post id is remembered");
    let post = rt.block_on(site.post(&id));
    assert_eq!(
        post["title"]["raw"],
        "Claude Haiku Open Weights vs Llama 4 Scout Quantized"
    );
    let content = post["content"]["raw"].as_str().unwrap();
    assert!(
        content.contains("Panel ship") && content.contains("50%"),
        "{content}"
    );
    assert!(
        !content.contains("<html"),
        "a post holds the page body, not a document"
    );
    // The share card is the post's featured image: a 1200×630 PNG named after the page.
    let card = post["featured_media"].as_u64().unwrap();
    assert_ne!(card, 0, "the post has a featured image");
    let media = rt
        .block_on(site.media(card))
        .expect("the card is in the media library");
    assert_eq!(media["mime_type"], "image/png");
    assert_eq!(media["media_details"]["width"], 1200);
    assert_eq!(media["media_details"]["height"], 630);
    assert!(
        media["slug"]
            .as_str()
            .unwrap()
            .starts_with(&format!("verdict-card-{slug}-")),
        "{}",
        media["slug"]
    );
    assert!(media["alt_text"]
        .as_str()
        .unwrap()
        .contains("panel ship and community share"));

    // Unchanged: nothing queued.
    let plan = desk
        .queue_publish("publisher", Some("wp"), &Selection::AllPublished)
        .unwrap();
    assert_eq!((plan.queued.len(), plan.unchanged.len()), (0, 1));

    // Someone edits the post in WordPress; then the desk changes the page.
    std::thread::sleep(Duration::from_millis(1100)); // modified_gmt counts whole seconds
    rt.block_on(site.edit_title(&id, "Edited in WordPress"));
    let mut page = desk.comparison(&slug).unwrap();
    page.dek = "A sharper dek, written at the desk.".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    desk.queue_publish("publisher", Some("wp"), &Selection::AllPublished)
        .unwrap();
    let summary = run(&desk);
    assert_eq!(summary.conflicts, 1, "{summary}");
    let post = rt.block_on(site.post(&id));
    assert_eq!(
        post["title"]["raw"], "Edited in WordPress",
        "the edit is still there"
    );

    let job = desk.publishing_view().unwrap().jobs[0].clone();
    assert_eq!(job.state, JobState::Conflict);
    let conflict = desk.conflict(job.id).unwrap();
    let title = conflict
        .changes
        .iter()
        .find(|c| c.field == "title")
        .unwrap();
    assert_eq!(title.before.as_deref(), Some("Edited in WordPress"));
    assert_eq!(title.after.as_deref(), Some(page.title.as_str()));
    assert!(conflict.changes.iter().any(|c| c.field == "content"));

    // Keep theirs: the job is closed, the page is marked, and a sync leaves it alone.
    desk.resolve_conflict("publisher", job.id, false).unwrap();
    let view = desk.publishing_view().unwrap();
    assert!(view.jobs.is_empty());
    assert!(view.pages[0].kept_remote);
    let plan = desk
        .queue_publish("publisher", Some("wp"), &Selection::AllPublished)
        .unwrap();
    assert_eq!(plan.kept_remote.len(), 1);
    assert!(plan.queued.is_empty());
    assert_eq!(
        rt.block_on(site.post(&id))["title"]["raw"],
        "Edited in WordPress"
    );

    // Named explicitly, it conflicts again; overwriting sends ours.
    desk.queue_publish(
        "publisher",
        Some("wp"),
        &Selection::Pages(vec![slug.clone()]),
    )
    .unwrap();
    assert_eq!(run(&desk).conflicts, 1);
    let job = desk.publishing_view().unwrap().jobs[0].clone();
    desk.resolve_conflict("publisher", job.id, true).unwrap();
    assert_eq!(run(&desk).done, 1);
    let post = rt.block_on(site.post(&id));
    assert_eq!(post["title"]["raw"], page.title.as_str());
    assert!(post["content"]["raw"]
        .as_str()
        .unwrap()
        .contains("A sharper dek"));
    assert_eq!(
        post["featured_media"].as_u64(),
        Some(card),
        "a new dek leaves the card as it was: the same media item, not sent again"
    );

    // A new title is a new card: uploaded, featured, and the old one removed.
    page.title = "Claude Haiku Open Weights vs Llama 4 Scout, Retested".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    desk.queue_publish("publisher", Some("wp"), &Selection::AllPublished)
        .unwrap();
    assert_eq!(run(&desk).done, 1);
    let post = rt.block_on(site.post(&id));
    let new_card = post["featured_media"].as_u64().unwrap();
    assert_ne!(new_card, card, "the changed card is a new media item");
    assert!(rt.block_on(site.media(new_card)).is_some());
    assert!(
        rt.block_on(site.media(card)).is_none(),
        "the old card is gone from the media library"
    );

    // Unpublish moves the post to WordPress's trash.
    desk.queue_unpublish("publisher", std::slice::from_ref(&slug))
        .unwrap();
    assert_eq!(run(&desk).done, 1);
    assert_eq!(rt.block_on(site.post(&id))["status"], "trash");
    assert!(desk.publishing_view().unwrap().pages.is_empty());
}

#[test]
fn a_wrong_application_password_is_refused_clearly() {
    let site = Site::start();
    let config = TargetConfig {
        name: "wp".into(),
        kind: TargetKind::Wordpress,
        url: site.url.clone(),
        user: Some(site.user.clone()),
    };
    let secrets = MemorySecrets::default();
    secrets.set("wp", "not the password").unwrap();
    let err = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(verdict_core::desk::test_target(&config, &secrets))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("refused the user or application password"),
        "{err}"
    );
}

/// Issue 12, items 4 and 5, against a real WordPress: an overwrite decision stands for the
/// next publish of the page by name (until the post changes there again), and unpublishing a
/// post edited in WordPress since is a conflict that leaves it in place.
#[test]
fn an_overwrite_decision_survives_the_next_publish_and_an_edited_post_is_not_unpublished() {
    let site = Site::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let slug = desk.overview().unwrap().comparisons[0].slug.clone();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = TargetConfig {
        name: "wp".into(),
        kind: TargetKind::Wordpress,
        url: site.url.clone(),
        user: Some(site.user.clone()),
    };
    desk.add_target("publisher", &config, Some(&site.password), secrets.as_ref())
        .unwrap();
    let run = |desk: &Desk| {
        rt.block_on(run_until_settled(
            desk.data_dir(),
            secrets.clone(),
            options(),
            |_| {},
        ))
        .unwrap()
    };
    let by_name = Selection::Pages(vec![slug.clone()]);
    desk.queue_publish("publisher", Some("wp"), &by_name)
        .unwrap();
    assert_eq!(run(&desk).done, 1);
    let id = desk.publishing_view().unwrap().pages[0]
        .remote_id
        .clone()
        .unwrap();

    // Edited in WordPress and here: a conflict, decided as "overwrite with ours".
    std::thread::sleep(Duration::from_millis(1100)); // modified_gmt counts whole seconds
    rt.block_on(site.edit_title(&id, "Edited in WordPress"));
    let mut page = desk.comparison(&slug).unwrap();
    page.dek = "A dek written at the desk.".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    desk.queue_publish("publisher", Some("wp"), &by_name)
        .unwrap();
    assert_eq!(run(&desk).conflicts, 1);
    let job = desk.publishing_view().unwrap().jobs[0].clone();
    desk.resolve_conflict("publisher", job.id, true).unwrap();

    // What a user does next: publish the page by name. The decision stands.
    desk.queue_publish("publisher", Some("wp"), &by_name)
        .unwrap();
    let summary = run(&desk);
    assert_eq!((summary.done, summary.conflicts), (1, 0), "{summary}");
    let post = rt.block_on(site.post(&id));
    assert_eq!(post["title"]["raw"], page.title.as_str());
    assert!(post["content"]["raw"]
        .as_str()
        .unwrap()
        .contains("A dek written at the desk."));

    // Item 5: edited in WordPress again, then unpublished here: a conflict, the post stays.
    std::thread::sleep(Duration::from_millis(1100));
    rt.block_on(site.edit_title(&id, "Edited before the unpublish"));
    desk.queue_unpublish("publisher", std::slice::from_ref(&slug))
        .unwrap();
    let summary = run(&desk);
    assert_eq!((summary.done, summary.conflicts), (0, 1), "{summary}");
    let post = rt.block_on(site.post(&id));
    assert_eq!(post["status"], "publish");
    assert_eq!(post["title"]["raw"], "Edited before the unpublish");
    // Keep theirs: the post stays, the page is marked.
    let job = desk.publishing_view().unwrap().jobs[0].clone();
    assert_eq!(job.state, JobState::Conflict);
    desk.resolve_conflict("publisher", job.id, false).unwrap();
    assert_eq!(rt.block_on(site.post(&id))["status"], "publish");
    assert!(desk.publishing_view().unwrap().pages[0].kept_remote);
}
