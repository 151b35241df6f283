//! Facts with sources (issue 30): each fact of a tool has a source, a checked-on date and who
//! checked it; they are validated, kept in history and bundles; a fact past its window is a
//! warning on the page and a task in My work; pages may say when their prices were checked.

use chrono::{Duration, NaiveDate, Utc};
use verdict_core::desk::{WorkKind, WorkPlace};
use verdict_core::model::EntityKind;
use verdict_core::{Desk, Validate};

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const SCOUT: &str = "llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// Both sample tools' prices checked today, so only what a test changes is stale.
fn fresh(desk: &Desk) {
    for slug in [SCOUT, HAIKU] {
        let mut tool = desk.tool(slug).unwrap();
        tool.pricing_checked_on = Some(today());
        desk.save_tool("editor", &tool).unwrap();
    }
}

#[test]
fn a_source_must_be_a_web_address_and_the_error_names_the_field() {
    let (_dir, desk) = desk();
    let mut tool = desk.tool(SCOUT).unwrap();
    tool.facts.license.source = Some("llama.com/license".into());
    tool.facts.price.source = Some("javascript:alert(1)".into());
    tool.facts.docs.checked_by = Some("  ".into());
    let problems = tool.validate();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "facts.price.source",
            "facts.license.source",
            "facts.docs.checked_by"
        ],
        "{problems:?}"
    );
    assert!(
        problems[0].message.contains("http or https"),
        "{problems:?}"
    );
    assert!(problems[1].message.contains("https://"), "{problems:?}");
    let refused = desk.save_tool("editor", &tool).unwrap_err().to_string();
    assert!(refused.contains("facts.license.source"), "{refused}");
    assert!(desk.tool(SCOUT).unwrap().facts.is_empty(), "nothing saved");
}

#[test]
fn sources_are_saved_signed_kept_in_history_and_in_bundles() {
    let (_dir, desk) = desk();
    let untouched = serde_json::to_value(desk.tool(HAIKU).unwrap()).unwrap();
    assert!(
        untouched.get("facts").is_none(),
        "no empty facts in documents"
    );

    let mut tool = desk.tool(SCOUT).unwrap();
    tool.facts.license.source = Some("https://www.llama.com/llama4/license/".into());
    tool.facts.license.checked_on = Some(today());
    tool.facts.price.source = Some("https://www.llama.com/pricing".into());
    tool.pricing_checked_on = Some(today());
    let saved = desk.save_tool("editor", &tool).unwrap();
    // Who checked: the saver, as the desk records it.
    assert_eq!(saved.facts.license.checked_by.as_deref(), Some("editor"));
    assert_eq!(saved.facts.price.checked_by.as_deref(), Some("editor"));
    assert_eq!(desk.tool(SCOUT).unwrap(), saved);

    let history = desk.history_view(EntityKind::Tool, SCOUT).unwrap();
    let fields: Vec<&str> = history[0]
        .changes
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert!(
        fields.iter().any(|f| f.starts_with("facts.license")),
        "{fields:?}"
    );
    desk.restore_revision("editor", EntityKind::Tool, SCOUT, history[1].number)
        .unwrap();
    assert!(desk.tool(SCOUT).unwrap().facts.is_empty(), "restored");

    // The bundle carries the facts and brings them back.
    desk.save_tool("editor", &saved).unwrap();
    let bundle = desk.store().export_bundle().unwrap();
    let json = serde_json::to_string(&bundle).unwrap();
    assert!(json.contains("https://www.llama.com/llama4/license/"));
    let (_other_dir, other) = {
        let dir = tempfile::tempdir().unwrap();
        let d = Desk::open(dir.path()).unwrap();
        (dir, d)
    };
    let back: verdict_core::Bundle = serde_json::from_str(&json).unwrap();
    other
        .store()
        .import_bundle(&verdict_core::store::SaveCtx::local("editor"), &back)
        .unwrap();
    assert_eq!(other.tool(SCOUT).unwrap().facts, saved.facts);
}

#[test]
fn a_fact_past_its_window_is_a_warning_and_a_task_for_editors() {
    let (_dir, desk) = desk();
    fresh(&desk);
    let editor_items = |desk: &Desk| -> Vec<(String, String)> {
        desk.my_work("editor")
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.kind == WorkKind::RecheckFact)
            .map(|i| (i.title, i.detail))
            .collect()
    };
    assert!(editor_items(&desk).is_empty());

    let mut tool = desk.tool(SCOUT).unwrap();
    tool.pricing_checked_on = Some(today() - Duration::days(41));
    tool.facts.docs.checked_on = Some(today() - Duration::days(90));
    tool.facts.license.checked_on = Some(today() - Duration::days(95));
    tool.facts.license.source = Some("https://www.llama.com/llama4/license/".into());
    desk.save_tool("editor", &tool).unwrap();

    let items = editor_items(&desk);
    assert_eq!(
        items.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(),
        [
            "Recheck Llama 4 Scout Quantized's price: 41 days",
            "Recheck Llama 4 Scout Quantized's license: 95 days"
        ],
        "the docs link, 90 days old, is still fresh"
    );
    assert!(
        items[1]
            .1
            .contains("by editor against https://www.llama.com/llama4/license/"),
        "{items:?}"
    );
    let work = desk.my_work("editor").unwrap();
    let place = &work
        .items
        .iter()
        .find(|i| i.kind == WorkKind::RecheckFact)
        .unwrap()
        .place;
    assert_eq!(place, &WorkPlace::Tool { slug: SCOUT.into() });
    // Not a reviewer's or a publisher's task.
    for profile in ["publisher", "devon-dx"] {
        assert!(!desk
            .my_work(profile)
            .unwrap()
            .items
            .iter()
            .any(|i| i.kind == WorkKind::RecheckFact));
    }

    let page = desk.comparison(SLUG).unwrap();
    let checks = desk.preview_draft(&page).unwrap().checks;
    let stale: Vec<(&str, &str)> = checks
        .iter()
        .filter(|c| c.code.ends_with("_stale"))
        .map(|c| (c.code.as_str(), c.field.as_str()))
        .collect();
    assert_eq!(
        stale,
        [
            (
                "pricing_stale",
                "tool:llama-4-scout-quantized.pricing_checked_on"
            ),
            (
                "fact_stale",
                "tool:llama-4-scout-quantized.facts.license.checked_on"
            )
        ]
    );

    // The site's windows decide: a 100-day window for facts, 45 for prices, and none is due.
    let mut site = desk.site().unwrap();
    site.price_recheck_days = Some(45);
    site.facts_recheck_days = Some(100);
    desk.save_site("editor", &site).unwrap();
    assert!(editor_items(&desk).is_empty());
    site.facts_recheck_days = Some(0);
    let refused = desk.save_site("editor", &site).unwrap_err().to_string();
    assert!(refused.contains("facts_recheck_days"), "{refused}");
}

#[test]
fn the_page_says_when_prices_were_checked_only_when_the_theme_option_is_on() {
    let (_dir, desk) = desk();
    let before = desk.preview_comparison(SLUG).unwrap();
    assert!(!before.contains("Prices checked"));
    let mut site = desk.site().unwrap();
    site.show_prices_checked = true;
    desk.save_site("publisher", &site).unwrap();
    let mut haiku = desk.tool(HAIKU).unwrap();
    haiku.pricing_checked_on = "2026-12-03".parse().ok();
    desk.save_tool("editor", &haiku).unwrap();
    // The oldest check of the page's prices: Scout's, 30 Oct 2026.
    let html = desk.preview_comparison(SLUG).unwrap();
    assert!(html.contains("Prices checked 30 Oct 2026"), "not said");
    let mut scout = desk.tool(SCOUT).unwrap();
    scout.pricing_checked_on = None;
    desk.save_tool("editor", &scout).unwrap();
    let html = desk.preview_comparison(SLUG).unwrap();
    assert!(
        !html.contains("Prices checked"),
        "a page with an unchecked price does not claim its prices were checked"
    );
}
