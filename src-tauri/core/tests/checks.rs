//! Checks before publishing, on the sample page and on broken variants of it.

use chrono::NaiveDate;
use verdict_core::checks::{
    broken_links, check_comparison, check_comparison_in, PairIndex, Severity,
};
use verdict_core::model::VerdictStatus;
use verdict_core::render::Library;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";
const LLAMA: &str = "llama-4-scout-quantized";

fn library() -> Library {
    Library::load(&verdict_core::desk::sample_store().unwrap()).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_sample_page_is_ready() {
    let lib = library();
    let page = lib.comparison(SLUG).unwrap();
    assert_eq!(check_comparison(&lib, page, day("2026-11-26")), []);
}

#[test]
fn problems_are_found_and_blockers_come_first() {
    let mut lib = library();
    let mut page = lib.comparison(SLUG).unwrap().clone();
    page.dek.clear();
    lib.verdicts.remove(&("sam-skeptic".into(), LLAMA.into()));
    lib.verdicts
        .get_mut(&("devon-dx".to_string(), HAIKU.to_string()))
        .unwrap()
        .status = VerdictStatus::Submitted;
    lib.tools.get_mut(HAIKU).unwrap().description =
        "See [the docs](javascript:alert(1)) and [home](https://example.com).".into();
    lib.tools.get_mut(LLAMA).unwrap().tagline.clear();

    let checks = check_comparison(&lib, &page, day("2026-11-26"));
    let found: Vec<(Severity, &str, &str)> = checks
        .iter()
        .map(|c| (c.severity, c.code.as_str(), c.field.as_str()))
        .collect();
    for expected in [
        (
            Severity::Blocker,
            "missing_verdict",
            "verdict:sam-skeptic/llama-4-scout-quantized",
        ),
        (
            Severity::Blocker,
            "verdict_not_accepted",
            "verdict:devon-dx/claude-haiku-open-weights",
        ),
        (Severity::Warning, "empty_field", "dek"),
        (
            Severity::Warning,
            "empty_field",
            "tool:llama-4-scout-quantized.tagline",
        ),
        (
            Severity::Warning,
            "broken_link",
            "tool:claude-haiku-open-weights.description",
        ),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:#?}");
    }
    assert_eq!(found.iter().filter(|f| f.1 == "broken_link").count(), 1);
    let first_warning = checks
        .iter()
        .position(|c| c.severity == Severity::Warning)
        .unwrap();
    assert!(checks[..first_warning]
        .iter()
        .all(|c| c.severity == Severity::Blocker));
    let missing = checks.iter().find(|c| c.code == "missing_verdict").unwrap();
    assert_eq!(
        missing.message,
        "Sam Whitlock (Skeptic) has no verdict on Llama 4 Scout Quantized."
    );
}

#[test]
fn pricing_older_than_its_30_day_window_is_flagged() {
    let lib = library();
    let page = lib.comparison(SLUG).unwrap();
    // Checked on 2026-10-30: fine 30 days later, flagged at 31 (the site's default window).
    assert!(check_comparison(&lib, page, day("2026-11-29")).is_empty());
    let checks = check_comparison(&lib, page, day("2026-11-30"));
    assert_eq!(checks.len(), 2, "{checks:#?}");
    assert!(checks.iter().all(|c| c.code == "pricing_stale"));
    assert!(
        checks[0].message.contains("last checked 31 days ago"),
        "{}",
        checks[0].message
    );
    // A site with a 90-day window: fine until 2027-01-28.
    let mut lib = library();
    lib.site.price_recheck_days = Some(90);
    let page = lib.comparison(SLUG).unwrap();
    assert!(check_comparison(&lib, page, day("2027-01-28")).is_empty());
    assert_eq!(check_comparison(&lib, page, day("2027-01-29")).len(), 2);
}

#[test]
fn a_second_page_for_the_same_pair_is_a_blocker() {
    let lib = library();
    let mut draft = lib.comparison(SLUG).unwrap().clone();
    draft.slug = "llama-4-scout-quantized-vs-claude-haiku-open-weights".into();
    draft.tools.reverse();
    let checks = check_comparison(&lib, &draft, day("2026-11-26"));
    assert_eq!(checks[0].code, "duplicate_pair");
    assert_eq!(checks[0].severity, Severity::Blocker);
}

/// My work checks every page through one index of the pages' pairs: the same checks, the
/// same page named as the duplicate (the first in the desk's order), as one page at a time.
#[test]
fn the_pair_index_finds_the_same_duplicates_as_a_scan() {
    let mut lib = library();
    let first = lib.comparison(SLUG).unwrap().clone();
    for (n, slug) in ["second-page-same-pair", "third-page-same-pair"]
        .iter()
        .enumerate()
    {
        let mut twin = first.clone();
        twin.slug = slug.to_string();
        twin.title = format!("Twin {n}");
        if n == 0 {
            twin.tools.reverse();
        }
        lib.comparisons.push(twin);
    }
    let pairs = PairIndex::of(&lib);
    let today = day("2026-11-26");
    let mut duplicates = 0;
    for page in &lib.comparisons {
        let scanned = check_comparison(&lib, page, today);
        assert_eq!(check_comparison_in(&lib, &pairs, page, today), scanned);
        duplicates += scanned
            .iter()
            .filter(|c| c.code == "duplicate_pair")
            .count();
    }
    assert_eq!(duplicates, 3, "each of the three pages has a duplicate");
    // A draft not in the desk finds the first page of its pair either way.
    let mut draft = first.clone();
    draft.slug = "a-draft-of-the-same-pair".into();
    let scanned = check_comparison(&lib, &draft, today);
    assert!(scanned[0].message.contains(SLUG), "{scanned:?}");
    assert_eq!(check_comparison_in(&lib, &pairs, &draft, today), scanned);
}

#[test]
fn link_checking() {
    assert_eq!(
        broken_links(
            "[a](https://x.example) [b](#notes) [c](mailto:a@b.c) [d](ftp://x) ![e](nope)"
        ),
        ["ftp://x", "nope"]
    );
}
