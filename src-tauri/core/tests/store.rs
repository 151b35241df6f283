//! Store behaviour: migrations, refusal of foreign or newer databases, saves, revisions, search.

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use verdict_core::model::*;
use verdict_core::store::SaveCtx;
use verdict_core::store::{APPLICATION_ID, DB_FILE, MIGRATIONS, SCHEMA_VERSION};
use verdict_core::{SaveOutcome, Store, StoreError};

fn tool(slug: &str, name: &str) -> Tool {
    Tool {
        slug: slug.into(),
        name: name.into(),
        vendor: "Vendor".into(),
        category: "Developer Tools".into(),
        tagline: format!("{name} tagline"),
        description: "A **tool**.".into(),
        entry_price: EntryPrice::Free,
        license: "MIT".into(),
        links: ToolLinks::default(),
        release_date: None,
        pricing_checked_on: None,
        facts: Default::default(),
        logo: None,
        screenshots: Vec::new(),
    }
}

fn reviewer(slug: &str) -> Reviewer {
    Reviewer {
        slug: slug.into(),
        name: format!("Reviewer {slug}"),
        persona: "Skeptic".into(),
        bio: String::new(),
        rubric: vec!["Who are the direct competitors?".into()],
    }
}

fn comparison(slug: &str, tools: &[&str], panel: &[&str]) -> Comparison {
    Comparison {
        slug: slug.into(),
        title: "A vs B".into(),
        dek: String::new(),
        intro: String::new(),
        tools: tools.iter().map(|s| s.to_string()).collect(),
        panel: panel.iter().map(|s| s.to_string()).collect(),
        status: ComparisonStatus::Draft,
        scheduled_for: None,
        published_at: None,
        assignee: None,
        due: None,
        verdicts_due: None,
    }
}

fn verdict(reviewer: &str, tool: &str, call: Call) -> Verdict {
    let t = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    Verdict {
        reviewer: reviewer.into(),
        tool: tool.into(),
        call,
        quote: "The primitive here is simple.".into(),
        status: VerdictStatus::Accepted,
        return_comment: None,
        created_at: t,
        updated_at: t,
    }
}

#[test]
fn fresh_database_is_migrated_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
    drop(store);
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Re-opening an up-to-date database applies nothing and keeps content.
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .save_tool(&SaveCtx::unattributed(), &tool("a", "A"))
        .unwrap();
    drop(store);
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.tools().unwrap().len(), 1);
}

#[test]
fn every_earlier_version_migrates_and_keeps_its_content() {
    // Build a database as each earlier release left it (its migrations only), with content
    // where the schema allows, then open it with this build.
    for from in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            for (number, sql) in MIGRATIONS.iter().filter(|(n, _)| *n <= from) {
                conn.execute_batch(sql).unwrap();
                conn.execute_batch(&format!(
                    "PRAGMA user_version = {number}; PRAGMA application_id = {APPLICATION_ID};"
                ))
                .unwrap();
            }
            if from >= 1 {
                let doc = serde_json::to_string(&tool("old", "Old Tool")).unwrap();
                conn.execute(
                    "INSERT INTO tools (slug, name, category, doc, updated_at)
                     VALUES ('old', 'Old Tool', 'Developer Tools', ?1, '2026-01-01T00:00:00Z')",
                    [&doc],
                )
                .unwrap();
                conn.execute(
                    "INSERT INTO search_index (entity, entity_key, title, body)
                     VALUES ('tool', 'old', 'Old Tool', 'vintage')",
                    [],
                )
                .unwrap();
                if from >= 2 {
                    // From version 2 on, a save also records where its search row is.
                    conn.execute(
                        "INSERT INTO search_rows (entity, entity_key, fts_rowid)
                         VALUES ('tool', 'old', last_insert_rowid())",
                        [],
                    )
                    .unwrap();
                }
            }
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            SCHEMA_VERSION,
            "from {from}"
        );
        assert_eq!(store.integrity_check().unwrap(), ["ok"], "from {from}");
        if from >= 1 {
            assert_eq!(store.tool("old").unwrap().unwrap().name, "Old Tool");
            assert_eq!(store.search("vintage", 5).unwrap().len(), 1);
            // Saving again replaces the search row instead of adding a second one.
            let mut t = tool("old", "Old Tool");
            t.description = "renewed".into();
            store.save_tool(&SaveCtx::unattributed(), &t).unwrap();
            assert!(
                store.search("vintage", 5).unwrap().is_empty(),
                "from {from}"
            );
            assert_eq!(store.search("renewed", 5).unwrap().len(), 1);
        }
    }
}

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = DELETE; PRAGMA user_version = {};",
            SCHEMA_VERSION + 5
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("newer schema must be refused");
    assert!(matches!(err, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 5));
    assert!(err.to_string().contains("newer Verdict Desk"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "file was modified");
    assert!(!dir.path().join(format!("{DB_FILE}-wal")).exists());
}

#[test]
fn foreign_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, b"this is not a database at all, just some text....").unwrap();
    let err = Store::open(&text).err().unwrap();
    assert!(matches!(err, StoreError::NotOurs { .. }), "{err}");

    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x);")
        .unwrap();
    let err = Store::open(&other).err().unwrap();
    assert!(err.to_string().contains("another application"), "{err}");
}

#[test]
fn saves_keep_revisions_only_when_something_changed() {
    let mut store = Store::open_in_memory().unwrap();
    let mut t = tool("haiku", "Haiku");
    assert_eq!(
        store.save_tool(&SaveCtx::unattributed(), &t).unwrap(),
        SaveOutcome::Created
    );
    assert_eq!(
        store.save_tool(&SaveCtx::unattributed(), &t).unwrap(),
        SaveOutcome::Unchanged
    );
    t.tagline = "A new tagline".into();
    assert_eq!(
        store.save_tool(&SaveCtx::unattributed(), &t).unwrap(),
        SaveOutcome::Updated(2)
    );
    let revs = store.revisions(EntityKind::Tool, "haiku").unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0].snapshot["tagline"], "Haiku tagline");
    assert_eq!(revs[1].snapshot["tagline"], "A new tagline");
    assert_eq!(
        store.tool("haiku").unwrap().unwrap().tagline,
        "A new tagline"
    );
}

#[test]
fn invalid_saves_name_every_field_and_change_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let mut t = tool("Bad Slug", "");
    t.links.homepage = Some("javascript:alert(1)".into());
    t.entry_price = EntryPrice::Amount {
        amount_cents: 0,
        currency: "dollars".into(),
        period: PricePeriod::Month,
    };
    let StoreError::Invalid(problems) = store.save_tool(&SaveCtx::unattributed(), &t).unwrap_err()
    else {
        panic!("expected validation errors");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    for f in [
        "slug",
        "name",
        "links.homepage",
        "entry_price.amount_cents",
        "entry_price.currency",
    ] {
        assert!(fields.contains(&f), "{f} not reported in {fields:?}");
    }
    assert!(store.tools().unwrap().is_empty());
    assert!(store
        .revisions(EntityKind::Tool, "Bad Slug")
        .unwrap()
        .is_empty());
}

#[test]
fn references_must_exist() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_tool(&SaveCtx::unattributed(), &tool("a", "A"))
        .unwrap();
    let err = store
        .save_verdict(&SaveCtx::unattributed(), &verdict("ghost", "a", Call::Ship))
        .unwrap_err();
    assert!(
        err.to_string().contains("reviewer: no reviewer \"ghost\""),
        "{err}"
    );
    let err = store
        .save_comparison(
            &SaveCtx::unattributed(),
            &comparison("a-vs-b", &["a", "b"], &[]),
        )
        .unwrap_err();
    assert!(err.to_string().contains("tools[1]: no tool \"b\""), "{err}");
    assert!(store.comparisons().unwrap().is_empty());
}

#[test]
fn one_page_per_unordered_pair() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_tool(&SaveCtx::unattributed(), &tool("a", "A"))
        .unwrap();
    store
        .save_tool(&SaveCtx::unattributed(), &tool("b", "B"))
        .unwrap();
    store
        .save_comparison(
            &SaveCtx::unattributed(),
            &comparison("a-vs-b", &["a", "b"], &[]),
        )
        .unwrap();
    let err = store
        .save_comparison(
            &SaveCtx::unattributed(),
            &comparison("b-vs-a", &["b", "a"], &[]),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("already have a comparison page: \"a-vs-b\""),
        "{err}"
    );
    // Reordering the same page's tools is fine.
    store
        .save_comparison(
            &SaveCtx::unattributed(),
            &comparison("a-vs-b", &["b", "a"], &[]),
        )
        .unwrap();
    assert_eq!(
        store.comparison("a-vs-b").unwrap().unwrap().tools,
        ["b", "a"]
    );
}

#[test]
fn one_verdict_per_reviewer_and_tool() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_tool(&SaveCtx::unattributed(), &tool("a", "A"))
        .unwrap();
    store
        .save_reviewer(&SaveCtx::unattributed(), &reviewer("r"))
        .unwrap();
    store
        .save_verdict(&SaveCtx::unattributed(), &verdict("r", "a", Call::Ship))
        .unwrap();
    let mut v = verdict("r", "a", Call::Skip);
    v.updated_at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    assert_eq!(
        store.save_verdict(&SaveCtx::unattributed(), &v).unwrap(),
        SaveOutcome::Updated(2)
    );
    let all = store.verdicts().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].call, Call::Skip);
}

#[test]
fn search_finds_tools_quotes_and_pages() {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = tool("llama", "Llama 4 Scout");
    a.description = "Runs on consumer GPUs and mobile chips.".into();
    store.save_tool(&SaveCtx::unattributed(), &a).unwrap();
    store
        .save_tool(&SaveCtx::unattributed(), &tool("haiku", "Claude Haiku"))
        .unwrap();
    store
        .save_reviewer(&SaveCtx::unattributed(), &reviewer("r"))
        .unwrap();
    let mut v = verdict("r", "haiku", Call::Skip);
    v.quote = "The moat question is unanswered.".into();
    store.save_verdict(&SaveCtx::unattributed(), &v).unwrap();
    let mut c = comparison("haiku-vs-llama", &["haiku", "llama"], &["r"]);
    c.title = "Claude Haiku vs Llama 4 Scout".into();
    store.save_comparison(&SaveCtx::unattributed(), &c).unwrap();

    let hits = store.search("consumer gpu", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].entity, hits[0].key.as_str()),
        (EntityKind::Tool, "llama")
    );
    let hits = store.search("moat", 10).unwrap();
    assert_eq!(hits[0].entity, EntityKind::Verdict);
    assert_eq!(hits[0].key, "r/haiku");
    assert!(hits[0].snippet.contains("moat"));
    let kinds: Vec<EntityKind> = store
        .search("haiku", 10)
        .unwrap()
        .iter()
        .map(|h| h.entity)
        .collect();
    assert!(kinds.contains(&EntityKind::Comparison) && kinds.contains(&EntityKind::Tool));
    // FTS syntax in user input is treated as words, not as a query language.
    assert!(store.search("\"unbalanced AND (", 10).is_ok());
    assert!(store.search("   ", 10).unwrap().is_empty());
    // An edit re-indexes.
    a.description = "Now about laptops.".into();
    store.save_tool(&SaveCtx::unattributed(), &a).unwrap();
    assert!(store.search("consumer", 10).unwrap().is_empty());
}
