//! Bundles: the sample reproduces the reference page's content, round trips are byte-identical,
//! and bad input is refused with its JSON path while the database stays exactly as it was.

use verdict_core::desk::SAMPLE_BUNDLE;
use verdict_core::model::{Call, EntityKind};
use verdict_core::score::panel_ship;
use verdict_core::store::SaveCtx;
use verdict_core::{Bundle, BundleError, Store};

fn sample_store() -> Store {
    verdict_core::desk::sample_store().unwrap()
}

/// A fingerprint of everything in the database, to prove a refused import changed nothing.
fn fingerprint(store: &Store) -> String {
    let mut s = store.export_bundle().unwrap().to_json();
    for c in store.comparisons().unwrap() {
        s.push_str(&format!(
            "{:?}",
            store.revisions(EntityKind::Comparison, &c.slug).unwrap()
        ));
    }
    for t in store.tools().unwrap() {
        s.push_str(&format!(
            "{:?}",
            store.revisions(EntityKind::Tool, &t.slug).unwrap()
        ));
    }
    s
}

#[test]
fn sample_export_is_byte_identical_to_the_shipped_file() {
    let store = sample_store();
    let exported = store.export_bundle().unwrap().to_json();
    assert_eq!(
        exported, SAMPLE_BUNDLE,
        "data/sample/bundle.json is not in canonical form"
    );
}

#[test]
fn import_export_import_round_trips_byte_identically() {
    let first = sample_store().export_bundle().unwrap().to_json();
    let mut again = Store::open_in_memory().unwrap();
    again
        .import_bundle(
            &SaveCtx::import(),
            &Bundle::parse(first.as_bytes()).unwrap(),
        )
        .unwrap();
    let second = again.export_bundle().unwrap().to_json();
    assert_eq!(first, second);
    // Importing the same bundle twice changes nothing and keeps no new revisions.
    let report = again
        .import_bundle(
            &SaveCtx::import(),
            &Bundle::parse(second.as_bytes()).unwrap(),
        )
        .unwrap();
    assert_eq!(report.created + report.updated, 0, "{report}");
}

#[test]
fn sample_reproduces_the_reference_page_content() {
    let store = sample_store();
    let reference = include_str!("../../../data/sample/reference-lines.txt");
    let bundle = store.export_bundle().unwrap();
    let json = serde_json::to_value(&bundle).unwrap();
    let mut values = Vec::new();
    collect_strings(&json, &mut values);
    // Lines the renderer produces rather than stores.
    let rendered = [
        "Panel ship",
        "Community",
        "Entry",
        "50%",
        "100%",
        "—",
        "Free",
        "Reviewer scorecard",
    ];
    for line in reference.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if rendered.contains(&line) {
            continue;
        }
        let unquoted = line.trim_start_matches('“').trim_end_matches('”');
        assert!(
            values.iter().any(|v| v == unquoted),
            "reference line not in the sample: {line:.60}"
        );
    }
    let c = store
        .comparison("claude-haiku-open-weights-vs-llama-4-scout-quantized")
        .unwrap()
        .unwrap();
    assert_eq!(c.panel.len(), 4);
    let verdicts = store.verdicts().unwrap();
    let haiku = panel_ship(&c.panel, &c.tools[0], &verdicts);
    let llama = panel_ship(&c.panel, &c.tools[1], &verdicts);
    assert_eq!((haiku.ship, haiku.total, haiku.percent), (2, 4, Some(50)));
    assert_eq!((llama.ship, llama.total, llama.percent), (4, 4, Some(100)));
    // Developer experience and strategist ship Haiku; skeptic and business skip it.
    let personas: Vec<(String, Call)> = verdicts
        .iter()
        .filter(|v| v.tool == c.tools[0])
        .map(|v| {
            (
                store.reviewer(&v.reviewer).unwrap().unwrap().persona,
                v.call,
            )
        })
        .collect();
    for (persona, call) in personas {
        let expect = if persona == "Developer experience" || persona == "Strategist" {
            Call::Ship
        } else {
            Call::Skip
        };
        assert_eq!(call, expect, "{persona}");
    }
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        // The sample escapes backticks so that Markdown prints them, as the page does.
        serde_json::Value::String(s) => out.push(s.replace("\\`", "`")),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// Applies `edit` to the sample bundle's JSON and imports it into a desk holding the sample.
fn refused(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut json: serde_json::Value = serde_json::from_str(SAMPLE_BUNDLE).unwrap();
    edit(&mut json);
    refused_text(&serde_json::to_vec(&json).unwrap())
}

fn refused_text(bytes: &[u8]) -> Vec<String> {
    let mut store = sample_store();
    let before = fingerprint(&store);
    let result = Bundle::parse(bytes).and_then(|b| store.import_bundle(&SaveCtx::import(), &b));
    let err = result.expect_err("bad bundle was accepted");
    assert!(matches!(err, BundleError::Rejected(_)), "{err}");
    assert_eq!(
        fingerprint(&store),
        before,
        "a refused import changed the database"
    );
    err.problems().iter().map(ToString::to_string).collect()
}

fn assert_has(problems: &[String], needle: &str) {
    assert!(
        problems.iter().any(|p| p.contains(needle)),
        "expected {needle:?} in {problems:#?}"
    );
}

#[test]
fn truncated_file_is_refused() {
    let cut = &SAMPLE_BUNDLE.as_bytes()[..SAMPLE_BUNDLE.len() / 2];
    let p = refused_text(cut);
    assert_has(&p, "$: not valid JSON at line");
    assert_has(&p, "truncated");
}

#[test]
fn invalid_utf8_is_refused() {
    let mut bytes = SAMPLE_BUNDLE.as_bytes().to_vec();
    bytes[100] = 0xFF;
    assert_has(&refused_text(&bytes), "not UTF-8");
}

#[test]
fn wrong_type_names_the_path() {
    let p = refused(|j| j["tools"][1]["name"] = serde_json::json!(42));
    assert_has(
        &p,
        "tools[1].name: invalid type: integer `42`, expected a string",
    );
    let p = refused(|j| j["verdicts"][3]["call"] = serde_json::json!("maybe"));
    assert_has(&p, "verdicts[3].call: unknown variant `maybe`");
    let p = refused(|j| j["tools"][0]["colour"] = serde_json::json!("red"));
    assert_has(&p, "tools[0].colour: unknown field `colour`");
}

#[test]
fn unknown_version_and_format_are_refused() {
    let p = refused(|j| j["version"] = serde_json::json!(7));
    assert_has(&p, "version: unsupported bundle version 7");
    let p = refused(|j| j["format"] = serde_json::json!("something-else"));
    assert_has(
        &p,
        "format: \"something-else\" is not a Verdict Desk bundle",
    );
}

#[test]
fn duplicate_slugs_are_refused() {
    let p = refused(|j| {
        let copy = j["tools"][0].clone();
        j["tools"].as_array_mut().unwrap().push(copy);
    });
    assert_has(
        &p,
        "tools[2].slug: duplicate: \"claude-haiku-open-weights\" is already at tools[0]",
    );
}

#[test]
fn dangling_references_are_refused() {
    let p = refused(|j| j["verdicts"][0]["tool"] = serde_json::json!("no-such-tool"));
    assert_has(&p, "verdicts[0].tool: no tool \"no-such-tool\"");
    let p = refused(|j| j["comparisons"][0]["panel"][2] = serde_json::json!("nobody"));
    assert_has(&p, "comparisons[0].panel[2]: no reviewer \"nobody\"");
}

#[test]
fn every_problem_is_reported_at_once() {
    let p = refused(|j| {
        j["tools"][0]["name"] = serde_json::json!("");
        j["tools"][1]["links"]["homepage"] = serde_json::json!("javascript:alert(1)");
        j["comparisons"][0]["tools"] = serde_json::json!(["claude-haiku-open-weights"]);
    });
    assert_has(&p, "tools[0].name: must not be empty");
    assert_has(
        &p,
        "tools[1].links.homepage: must be an http or https address",
    );
    assert_has(
        &p,
        "comparisons[0].tools: a comparison needs at least two tools",
    );
}

#[test]
fn a_late_failure_rolls_back_earlier_writes() {
    // The new tool is valid and would be written before the bad verdict is reached.
    let p = refused(|j| {
        let mut t = j["tools"][0].clone();
        t["slug"] = serde_json::json!("brand-new-tool");
        j["tools"].as_array_mut().unwrap().push(t);
        let n = j["verdicts"].as_array().unwrap().len();
        j["verdicts"][n - 1]["reviewer"] = serde_json::json!("ghost");
    });
    assert_has(&p, "verdicts[7].reviewer: no reviewer \"ghost\"");
}

/// Issue 12, item 9, the core side the app calls: the plan of an import says what it would
/// add, replace (field by field: the desk's value before, the bundle's after) and leave
/// alone, and changes nothing; an import that would replace is refused unless allowed, and
/// a bundle's own problems are named before any replacement.
#[test]
fn the_import_plan_lists_added_replaced_and_unchanged_and_replacing_needs_consent() {
    let dir = tempfile::tempdir().unwrap();
    let desk = verdict_core::Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let old = desk.store().export_bundle().unwrap();
    // Newer work at the desk.
    let mut tool = desk.store().tools().unwrap()[0].clone();
    let old_name = tool.name.clone();
    tool.name = "A newer name".into();
    desk.store()
        .save_tool(&SaveCtx::unattributed(), &tool)
        .unwrap();
    let mut incoming = old.clone();
    let mut added = old.tools[0].clone();
    added.slug = "brand-new-tool".into();
    incoming.tools.push(added);
    let before = desk.store().export_bundle().unwrap().to_json();

    let plan = desk.import_plan(&incoming).unwrap();
    let added: Vec<String> = plan.added.iter().map(|e| e.to_string()).collect();
    assert_eq!(added, ["tool \"brand-new-tool\""]);
    assert_eq!(plan.replaced.len(), 1, "{plan}");
    let replaced = &plan.replaced[0];
    assert_eq!(replaced.entity.key, tool.slug);
    assert_eq!(replaced.entity.path, "tools[0]");
    assert_eq!(replaced.changes.len(), 1);
    assert_eq!(replaced.changes[0].field, "name");
    assert_eq!(replaced.changes[0].before.as_deref(), Some("A newer name"));
    assert_eq!(
        replaced.changes[0].after.as_deref(),
        Some(old_name.as_str())
    );
    assert!(plan.unchanged.iter().any(|e| e.kind == "site"));
    assert_eq!(desk.store().export_bundle().unwrap().to_json(), before);

    // Refused without consent, naming the entity and field; nothing changes.
    let file = dir.path().join("old.json");
    std::fs::write(&file, incoming.to_json()).unwrap();
    let err = desk.import_file_checked(&file, false).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("tools[0]") && text.contains("differs in name"),
        "{text}"
    );
    assert_eq!(desk.store().export_bundle().unwrap().to_json(), before);
    // A bundle with problems of its own is refused for those first.
    let mut bad = incoming.clone();
    bad.verdicts[0].reviewer = "ghost".into();
    std::fs::write(&file, bad.to_json()).unwrap();
    let text = desk
        .import_file_checked(&file, false)
        .unwrap_err()
        .to_string();
    assert!(text.contains("no reviewer \"ghost\""), "{text}");
    assert!(!text.contains("would replace"), "{text}");
    // With consent, the bundle wins.
    std::fs::write(&file, incoming.to_json()).unwrap();
    desk.import_file_checked(&file, true).unwrap();
    assert_eq!(desk.store().tools().unwrap()[0].name, old_name);
}
