//! Site settings that new content starts from (issue 18, item 6): a new comparison without a
//! dek gets the site's "Default dek", so it does not start with the "page has no dek" warning.

use verdict_core::model::{Comparison, ComparisonStatus};
use verdict_core::Desk;

fn page(slug: &str, dek: &str, tools: [&str; 2]) -> Comparison {
    Comparison {
        slug: slug.into(),
        title: "A vs B".into(),
        dek: dek.into(),
        intro: String::new(),
        tools: tools.iter().map(|t| t.to_string()).collect(),
        panel: vec!["devon-dx".into()],
        status: ComparisonStatus::Draft,
        scheduled_for: None,
        published_at: None,
        assignee: None,
        due: None,
        verdicts_due: None,
    }
}

#[test]
fn a_new_comparison_without_a_dek_starts_with_the_sites_default_dek() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let mut site = desk.store().site().unwrap();
    site.default_dek = "Which one should you ship with?".into();
    desk.save_site("editor", &site).unwrap();
    let mut other = desk.tool("llama-4-scout-quantized").unwrap();
    other.slug = "tool-b".into();
    other.name = "Tool B".into();
    desk.create_tool("editor", &other).unwrap();

    let created = desk
        .create_comparison(
            "editor",
            &page("a-vs-b", "", ["claude-haiku-open-weights", "tool-b"]),
        )
        .unwrap();
    assert_eq!(created.dek, "Which one should you ship with?");
    assert_eq!(
        desk.comparison("a-vs-b").unwrap().dek,
        "Which one should you ship with?"
    );
    let lib = desk.library().unwrap();
    let checks =
        verdict_core::checks::check_comparison(&lib, &created, chrono::Utc::now().date_naive());
    assert!(
        !checks.iter().any(|c| c.field == "dek"),
        "the new page warns about its dek: {checks:?}"
    );

    // A dek given when creating wins over the default.
    let mut third = desk.tool("llama-4-scout-quantized").unwrap();
    third.slug = "tool-c".into();
    third.name = "Tool C".into();
    desk.create_tool("editor", &third).unwrap();
    let own = desk
        .create_comparison(
            "editor",
            &page("b-vs-c", "Our own dek.", ["tool-b", "tool-c"]),
        )
        .unwrap();
    assert_eq!(own.dek, "Our own dek.");
}
