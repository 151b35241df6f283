//! The Ghost target against a real Ghost (5.130.6, SQLite) on 127.0.0.1, started once for this
//! binary by `.ci/ghost`: a page becomes a post (its article in an HTML card, the stylesheet
//! scoped in the head injection, excerpt, tags, share card, metadata, images uploaded once),
//! updates, an edit made in Ghost as a conflict kept or overwritten, unpublishing, and a
//! scheduled page that Ghost publishes on its own while the desk is closed.

mod ghost_site;
mod media_images;

use std::time::Duration;

use ghost_site::desk::{fixture, Fixture};
use ghost_site::{ghost, runtime};
use verdict_core::desk::Selection;
use verdict_core::media::MediaText;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::JobState;
use verdict_core::store::SaveCtx;
use verdict_core::workflow::PageAction;
use verdict_core::Desk;

const SAMPLE_TITLE: &str = "Claude Haiku Open Weights vs Llama 4 Scout Quantized";

fn logo_png(seed: u8) -> Vec<u8> {
    let mut img = media_images::logo(300, 300);
    img.get_pixel_mut(0, 0).0 = [seed, seed, seed, 255];
    media_images::png_rgba(&img)
}

fn add_logo(desk: &Desk, tool: &str, name: &str, bytes: &[u8]) -> String {
    let text = MediaText {
        alt: Some("The tool's logo".into()),
        ..MediaText::default()
    };
    let hash = desk
        .add_media("editor", name, bytes, &text)
        .unwrap()
        .item
        .hash;
    desk.set_tool_logo("editor", tool, &hash).unwrap();
    hash
}

#[test]
fn a_page_becomes_a_post_with_its_card_images_tags_and_metadata() {
    let rt = runtime();
    let ghost = ghost();
    let _turn = ghost.turn(&rt);
    let fx = fixture(&ghost.url);
    let config = fx.desk.target("ghost").unwrap();
    let said = rt
        .block_on(verdict_core::desk::test_target(
            &config,
            fx.secrets.as_ref(),
        ))
        .unwrap();
    assert!(
        said.contains("Ghost 5.") && said.contains("key accepted"),
        "{said}"
    );

    // The page's two tools get logos: a PNG (several sizes and formats) and an SVG.
    let page = fx.desk.comparison(&fx.slug).unwrap();
    let png = add_logo(&fx.desk, &page.tools[0], "logo.png", &logo_png(1));
    let svg = add_logo(
        &fx.desk,
        &page.tools[1],
        "mark.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\">\
          <rect width=\"40\" height=\"20\" fill=\"#c03\"/></svg>",
    );
    let summary = fx.publish(&rt);
    assert_eq!((summary.done, summary.failed), (1, 0), "{summary}");
    let id = fx.remote_id(&fx.slug);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["title"], SAMPLE_TITLE);
    assert_eq!(post["slug"], fx.slug.as_str());
    assert_eq!(post["status"], "published");
    assert!(post["custom_excerpt"]
        .as_str()
        .unwrap()
        .starts_with("Which one should you ship with?"));
    let tags: Vec<&str> = post["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["Developer Tools", "#verdict"]);
    assert_eq!(post["tags"][1]["visibility"], "internal");
    // The article is one HTML card, kept as written: Ghost's editor holds one `html` node.
    let lexical: serde_json::Value =
        serde_json::from_str(post["lexical"].as_str().unwrap()).unwrap();
    let nodes = lexical["root"]["children"].as_array().unwrap();
    assert_eq!(nodes.len(), 1, "{lexical}");
    assert_eq!(nodes[0]["type"], "html");
    let html = post["html"].as_str().unwrap();
    assert!(html.contains("<!--kg-card-begin: html-->"), "{html}");
    assert!(html.contains("<div class=\"verdict-desk kg-width-wide\">"));
    assert!(html.contains("Panel ship") && html.contains("Reviewer scorecard"));
    assert!(
        !html.contains("<h1"),
        "Ghost's theme shows the title; the card has no second one"
    );
    // The stylesheet, scoped to the card, in the head injection after our marker.
    let head = post["codeinjection_head"].as_str().unwrap();
    assert!(head.starts_with("<!-- verdict-desk:"), "{head}");
    assert!(
        head.contains(".verdict-desk .card{") && !head.contains("\nbody{"),
        "{head}"
    );
    // The share card is the feature image and the social image, uploaded to Ghost.
    let card = post["feature_image"].as_str().unwrap().to_string();
    assert!(
        card.starts_with(&format!("{}content/images/", ghost.url)),
        "{card}"
    );
    assert!(
        card.contains(&format!("verdict-card-{}-", fx.slug)),
        "{card}"
    );
    assert_eq!(post["og_image"], card.as_str());
    assert_eq!(post["twitter_image"], card.as_str());
    assert_eq!(post["og_title"], SAMPLE_TITLE);
    assert!(post["feature_image_alt"]
        .as_str()
        .unwrap()
        .contains("panel ship and community share"));
    assert_eq!(post["meta_description"], post["custom_excerpt"]);
    // The desk's own site is elsewhere: the original is named there.
    assert_eq!(
        post["canonical_url"],
        format!("https://verdicts.example.com/compare/{}/", fx.slug).as_str()
    );
    let (status, bytes) = rt.block_on(ghost.public(&card));
    assert_eq!((status, bytes.is_empty()), (200, false));
    // Each image file the page shows is in Ghost once, and the card names it there.
    let held = verdict_core::publish::media::held_files(&fx.desk.store(), "ghost").unwrap();
    assert!(held.iter().any(|f| f.starts_with(&png)), "{held:?}");
    assert!(held.iter().any(|f| f.starts_with(&svg)), "{held:?}");
    for file in &held {
        let (hash, name) = file.split_once('/').unwrap();
        let name = verdict_core::publish::ghost::image_name(hash, name);
        assert!(html.contains(&name), "{name} in the post");
        assert!(
            !html.contains(&format!("media/{file}")),
            "no desk address left"
        );
    }
    // A reader sees the post in the site's theme, with the page's stylesheet.
    let post_url = post["url"].as_str().unwrap().to_string();
    let (status, public) = rt.block_on(ghost.public(&post_url));
    assert_eq!(status, 200);
    assert!(public.contains("verdict-desk") && public.contains(".verdict-desk .card{"));

    // Republishing the unchanged page sends nothing.
    let plan = fx
        .desk
        .queue_publish("publisher", Some("ghost"), &Selection::AllPublished)
        .unwrap();
    assert_eq!((plan.queued.len(), plan.unchanged.len()), (0, 1));

    // An update: the new dek is the excerpt, the card and images are not sent again.
    let mut page = fx.desk.comparison(&fx.slug).unwrap();
    page.dek = "A sharper dek, written at the desk.".into();
    fx.desk
        .store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    assert_eq!(fx.publish(&rt).done, 1);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(
        post["custom_excerpt"],
        "A sharper dek, written at the desk."
    );
    assert_eq!(
        post["feature_image"],
        card.as_str(),
        "the same card, not sent again"
    );
    assert_eq!(
        rt.block_on(ghost.posts()).len(),
        1,
        "updated, not created again"
    );

    // A new title is a new card.
    page.title = "Claude Haiku vs Llama 4 Scout, Retested".into();
    fx.desk
        .store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    assert_eq!(fx.publish(&rt).done, 1);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["title"], page.title.as_str());
    assert_ne!(
        post["feature_image"],
        card.as_str(),
        "a changed card is uploaded"
    );

    // Unpublishing moves the post back to draft: off the site, kept in Ghost.
    fx.desk
        .queue_unpublish("publisher", std::slice::from_ref(&fx.slug))
        .unwrap();
    assert_eq!(fx.run(&rt).done, 1);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["status"], "draft");
    assert_eq!(rt.block_on(ghost.public(&post_url)).0, 404);
    assert!(fx.desk.publishing_view().unwrap().pages.is_empty());

    // Published again, the same post comes back (ours, moved to draft by us).
    let summary = fx.publish(&rt);
    assert_eq!((summary.done, summary.conflicts), (1, 0), "{summary}");
    assert_eq!(fx.remote_id(&fx.slug), id);
    assert_eq!(rt.block_on(ghost.post(&id)).unwrap()["status"], "published");
    drop(fx.dir);
}

#[test]
fn an_edit_made_in_ghost_is_a_conflict_kept_or_overwritten() {
    let rt = runtime();
    let ghost = ghost();
    let _turn = ghost.turn(&rt);
    let fx = fixture(&ghost.url);
    assert_eq!(fx.publish(&rt).done, 1);
    let id = fx.remote_id(&fx.slug);
    // The sample as Ghost's default theme shows it, for the README when asked.
    let url = rt.block_on(ghost.post(&id)).unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    ghost_site::screenshot_if_asked(&url);

    // Edited in Ghost, then changed at the desk: a conflict; the edit stays.
    std::thread::sleep(Duration::from_millis(1100)); // updated_at counts whole seconds
    rt.block_on(ghost.edit_title(&id, "Edited in Ghost"));
    let mut page = fx.desk.comparison(&fx.slug).unwrap();
    page.dek = "A dek written at the desk.".into();
    fx.desk
        .store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let summary = fx.publish(&rt);
    assert_eq!((summary.done, summary.conflicts), (0, 1), "{summary}");
    assert_eq!(
        rt.block_on(ghost.post(&id)).unwrap()["title"],
        "Edited in Ghost"
    );
    let job = fx.desk.publishing_view().unwrap().jobs[0].clone();
    assert_eq!(job.state, JobState::Conflict);
    let conflict = fx.desk.conflict(job.id).unwrap();
    let title = conflict
        .changes
        .iter()
        .find(|c| c.field == "title")
        .unwrap();
    assert_eq!(title.before.as_deref(), Some("Edited in Ghost"));
    assert_eq!(title.after.as_deref(), Some(SAMPLE_TITLE));
    // The bodies differ only where the desk changed nothing in the card: no content change.
    assert!(
        conflict.changes.iter().all(|c| c.field != "content"),
        "{:?}",
        conflict.changes
    );

    // Keep theirs: closed, remembered, left alone by the next sync.
    fx.desk
        .resolve_conflict("publisher", job.id, false)
        .unwrap();
    let view = fx.desk.publishing_view().unwrap();
    assert!(view.jobs.is_empty() && view.pages[0].kept_remote);
    let plan = fx
        .desk
        .queue_publish("publisher", Some("ghost"), &Selection::AllPublished)
        .unwrap();
    assert_eq!((plan.kept_remote.len(), plan.queued.len()), (1, 0));
    assert_eq!(
        rt.block_on(ghost.post(&id)).unwrap()["title"],
        "Edited in Ghost"
    );

    // Named explicitly it conflicts again; overwriting sends ours over theirs.
    assert_eq!(fx.publish(&rt).conflicts, 1);
    let job = fx.desk.publishing_view().unwrap().jobs[0].clone();
    fx.desk.resolve_conflict("publisher", job.id, true).unwrap();
    assert_eq!(fx.run(&rt).done, 1);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["title"], SAMPLE_TITLE);
    assert_eq!(post["custom_excerpt"], "A dek written at the desk.");
    assert_eq!(rt.block_on(ghost.posts()).len(), 1);

    // Edited in Ghost again, then unpublished here: a conflict, the post stays published.
    std::thread::sleep(Duration::from_millis(1100));
    rt.block_on(ghost.edit_title(&id, "Edited before the unpublish"));
    fx.desk
        .queue_unpublish("publisher", std::slice::from_ref(&fx.slug))
        .unwrap();
    let summary = fx.run(&rt);
    assert_eq!((summary.done, summary.conflicts), (0, 1), "{summary}");
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["status"], "published");
    assert_eq!(post["title"], "Edited before the unpublish");
}

/// A page scheduled at the desk is a scheduled post in Ghost, which publishes it at its time
/// with the desk closed; rescheduling moves it, unscheduling takes it back to draft.
#[test]
fn a_scheduled_page_is_published_by_ghost_while_the_desk_is_closed() {
    let rt = runtime();
    let ghost = ghost();
    let _turn = ghost.turn(&rt);
    let fx = fixture(&ghost.url);
    // A second page, approved, to schedule (the sample's page is already published).
    let page = ghost_site::another_page(
        &fx.desk,
        "scheduled-page",
        "A page Ghost publishes on time",
        ComparisonStatus::Approved,
    );

    // Scheduled far ahead, then moved: Ghost holds a scheduled post at the new time.
    let later = chrono::Utc::now() + chrono::Duration::hours(5);
    fx.desk
        .page_action("publisher", &page.slug, PageAction::Schedule { at: later })
        .unwrap();
    assert_eq!(fx.run(&rt).done, 1);
    let id = fx.remote_id(&page.slug);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["status"], "scheduled");
    let at = |post: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(post["published_at"].as_str().unwrap()).unwrap()
    };
    assert_eq!(at(&post).timestamp(), later.timestamp());
    // Rescheduled: the same post, at the new time.
    let moved = chrono::Utc::now() + chrono::Duration::hours(7);
    fx.desk
        .page_action("publisher", &page.slug, PageAction::Schedule { at: moved })
        .unwrap();
    assert_eq!(fx.run(&rt).done, 1);
    assert_eq!(fx.remote_id(&page.slug), id);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["status"], "scheduled");
    assert_eq!(at(&post).timestamp(), moved.timestamp());
    // Edited while scheduled: Ghost's scheduled post gets the edit and keeps its time.
    let mut edited = fx.desk.comparison(&page.slug).unwrap();
    edited.dek = "Edited while it waits for its time.".into();
    fx.desk.save_comparison("editor", &edited).unwrap();
    assert_eq!(fx.run(&rt).done, 1);
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(
        post["custom_excerpt"],
        "Edited while it waits for its time."
    );
    assert_eq!(post["status"], "scheduled");
    assert_eq!(at(&post).timestamp(), moved.timestamp());

    // Unscheduled: back to draft in Ghost.
    fx.desk
        .page_action("editor", &page.slug, PageAction::ReturnToDraft)
        .unwrap();
    assert_eq!(fx.run(&rt).done, 1);
    assert_eq!(rt.block_on(ghost.post(&id)).unwrap()["status"], "draft");

    // Approved and scheduled a few seconds ahead; then the desk closes.
    let mut again = fx.desk.comparison(&page.slug).unwrap();
    again.status = ComparisonStatus::Approved;
    fx.desk
        .store()
        .save_comparison(&SaveCtx::unattributed(), &again)
        .unwrap();
    let soon = chrono::Utc::now() + chrono::Duration::seconds(6);
    fx.desk
        .page_action("publisher", &page.slug, PageAction::Schedule { at: soon })
        .unwrap();
    assert_eq!(fx.run(&rt).done, 1);
    assert_eq!(
        fx.remote_id(&page.slug),
        id,
        "the same post, scheduled again"
    );
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["status"], "scheduled");
    assert_eq!(at(&post).timestamp(), soon.timestamp());
    let Fixture {
        dir,
        desk,
        secrets,
        slug,
    } = fx;
    // The desk closes: nothing of ours runs until it opens again.
    drop(desk);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let post = loop {
        let post = rt.block_on(ghost.post(&id)).unwrap();
        if post["status"] == "published" || std::time::Instant::now() > deadline {
            break post;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    assert_eq!(post["status"], "published", "Ghost published it on its own");
    assert_eq!(at(&post).timestamp(), soon.timestamp());
    let (status, public) = rt.block_on(ghost.public(post["url"].as_str().unwrap()));
    assert_eq!(status, 200);
    assert!(public.contains("A page Ghost publishes on time"));

    // The desk opens again: its schedule publishes the page, and Ghost's post is left as
    // Ghost published it (no conflict: only its status changed there).
    // (Ghost may publish a moment before the time: its scheduler pings a little early.)
    if let Ok(left) = (soon - chrono::Utc::now()).to_std() {
        std::thread::sleep(left + Duration::from_millis(100));
    }
    // It does so an hour after the time, as when nobody opened it sooner.
    let reopened = chrono::Utc::now() + chrono::Duration::hours(1);
    let desk = Desk::open(dir.path()).unwrap();
    let plan = desk.publish_due(reopened).unwrap();
    assert_eq!(plan.published, vec![page.slug.clone()]);
    // Ghost published it at its time: no missed schedule, nothing "late".
    let missed = desk.missed_schedules(reopened).unwrap();
    assert!(
        missed.iter().all(|m| !m.said.contains("late")),
        "{missed:?}"
    );
    let fx = Fixture {
        dir,
        desk,
        secrets,
        slug,
    };
    let summary = fx.run(&rt);
    assert_eq!((summary.conflicts, summary.failed), (0, 0), "{summary}");
    let post = rt.block_on(ghost.post(&id)).unwrap();
    assert_eq!(post["status"], "published");
    assert_eq!(
        at(&post).timestamp(),
        soon.timestamp(),
        "Ghost's publishing time stays"
    );
    assert_eq!(rt.block_on(ghost.posts()).len(), 1, "one post for the page");

    // Reading the post back records when Ghost published it, by Ghost's own record: on time.
    let options = verdict_core::publish::verify::VerifyOptions::default();
    let report = rt
        .block_on(fx.desk.verify_published(fx.secrets.clone(), options))
        .unwrap();
    let receipt = report.receipts.iter().find(|r| r.slug == page.slug);
    let there = receipt
        .and_then(|r| r.published_there.clone())
        .unwrap_or_else(|| panic!("Ghost's publishing time in {report:?}"));
    assert_eq!(
        at(&serde_json::json!({ "published_at": there.at })),
        at(&post)
    );
    assert_eq!((there.by.as_str(), there.minutes_late), ("Ghost", 0));
    assert!(
        there.said.starts_with("Published by Ghost at "),
        "{}",
        there.said
    );
    assert!(there.said.ends_with(", on time"), "{}", there.said);
    // Kept with the receipt, for the Publishing screen.
    let kept = fx.desk.receipts(None).unwrap();
    let kept = kept.iter().find(|r| r.slug == page.slug).unwrap();
    assert_eq!(kept.published_there.as_ref(), Some(&there));
}
