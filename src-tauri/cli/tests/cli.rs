//! The `verdict` binary end to end: init, import, export, list, and refusals with exit codes.

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use verdict_core::store::SaveCtx;

mod support;
use support::verdict;

#[test]
fn init_sample_then_list_shows_the_panel_scores() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success()
        .stdout(contains("sample content loaded"));
    verdict(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(contains("Claude Haiku Open Weights 50% (2 of 4 ship)"))
        .stdout(contains("Llama 4 Scout Quantized 100% (4 of 4 ship)"));
    // A second init leaves existing content alone.
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success()
        .stdout(contains("already has content"));
    let out = verdict(dir.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["comparisons"][0]["tools"][0]["panel_ship"]["percent"],
        50
    );
    assert_eq!(
        json["comparisons"][0]["tools"][1]["panel_ship"]["percent"],
        100
    );
}

#[test]
fn data_dir_flag_wins_over_environment() {
    let env_dir = tempfile::tempdir().unwrap();
    let flag_dir = tempfile::tempdir().unwrap();
    verdict(env_dir.path())
        .args(["--data-dir"])
        .arg(flag_dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    assert!(flag_dir.path().join("verdict.db").exists());
    assert!(!env_dir.path().join("verdict.db").exists());
}

#[test]
fn export_import_round_trip_through_files() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let one = files.path().join("one.json");
    let two = files.path().join("two.json");
    verdict(a.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    verdict(a.path()).arg("export").arg(&one).assert().success();
    verdict(b.path())
        .arg("import")
        .arg(&one)
        .assert()
        .success()
        .stdout(contains("created"));
    verdict(b.path()).arg("export").arg(&two).assert().success();
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
    let stdout = verdict(b.path())
        .args(["export", "-"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(stdout, std::fs::read(&one).unwrap());
}

#[test]
fn bad_import_exits_non_zero_names_the_path_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let before = verdict(dir.path())
        .args(["export", "-"])
        .output()
        .unwrap()
        .stdout;

    let mut bad: serde_json::Value = serde_json::from_slice(&before).unwrap();
    bad["tools"][1]["entry_price"] = serde_json::json!({"kind": "amount", "amount_cents": 2000, "currency": "usd", "period": "month"});
    bad["verdicts"][2]["reviewer"] = serde_json::json!("ghost");
    let bad_file = files.path().join("bad.json");
    std::fs::write(&bad_file, serde_json::to_vec(&bad).unwrap()).unwrap();
    verdict(dir.path())
        .arg("import")
        .arg(&bad_file)
        .assert()
        .failure()
        .stderr(contains("tools[1].entry_price.currency"))
        .stderr(contains("verdicts[2].reviewer: no reviewer \"ghost\""))
        .stderr(contains("nothing was changed"));

    let truncated = files.path().join("cut.json");
    std::fs::write(&truncated, &before[..before.len() / 3]).unwrap();
    verdict(dir.path())
        .arg("import")
        .arg(&truncated)
        .assert()
        .failure()
        .stderr(contains("truncated"));

    verdict(dir.path())
        .arg("import")
        .arg(files.path().join("missing.json"))
        .assert()
        .failure()
        .stderr(contains("missing.json"));

    let after = verdict(dir.path())
        .args(["export", "-"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(before, after);
}

#[test]
fn newer_database_is_refused_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path()).arg("init").assert().success();
    let db = dir.path().join("verdict.db");
    bump_schema_version(&db);
    verdict(dir.path())
        .arg("list")
        .assert()
        .failure()
        .stderr(contains("newer Verdict Desk"));
}

/// Raises the schema version in the file header, as a future build would have.
fn bump_schema_version(db: &std::path::Path) {
    // user_version lives at byte offset 60 of the header, big-endian.
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn render_site_and_generate() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let slug = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
    let out = verdict(dir.path())
        .args(["render", slug, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(page["tools"][0]["panel_label"], "50%");
    verdict(dir.path())
        .args(["render", slug])
        .assert()
        .success()
        .stdout(contains("<!doctype html>"))
        .stdout(contains("Reviewer scorecard"));
    verdict(dir.path())
        .args(["render", slug, "--format", "md"])
        .assert()
        .success()
        .stdout(contains("- Panel ship: 100% (4 of 4)"));
    verdict(dir.path())
        .args(["render", "no-such-page"])
        .assert()
        .failure()
        .stderr(contains("no comparison \"no-such-page\""));

    verdict(dir.path())
        .args([
            "generate",
            "--tools",
            "4",
            "--comparisons",
            "7",
            "--reviewers",
            "2",
        ])
        .assert()
        .failure()
        .stderr(contains("--comparisons"));
    verdict(dir.path())
        .args([
            "generate",
            "--tools",
            "6",
            "--comparisons",
            "5",
            "--reviewers",
            "4",
        ])
        .assert()
        .success()
        .stdout(contains("generated 6 tools"));

    let site = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .arg("site")
        .arg(site.path())
        .arg("--include-drafts")
        .assert()
        .success()
        .stdout(contains("6 comparison pages"));
    assert!(site
        .path()
        .join(format!("compare/{slug}/index.html"))
        .exists());
    let card = std::fs::read(site.path().join(format!("compare/{slug}/share.png"))).unwrap();
    assert!(card.starts_with(b"\x89PNG\r\n\x1a\n"), "share card written");
    verdict(dir.path())
        .arg("site")
        .arg(site.path())
        .arg("--include-drafts")
        .assert()
        .success()
        .stdout(contains("0 files written"));
}

#[test]
fn backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let copy = files.path().join("copy.db");
    verdict(dir.path())
        .arg("backup")
        .arg(&copy)
        .assert()
        .success()
        .stdout(contains("backed up to"));
    verdict(dir.path())
        .arg("backup")
        .assert()
        .success()
        .stdout(contains("backups/verdict-"));
    let other = tempfile::tempdir().unwrap();
    verdict(other.path()).arg("init").assert().success();
    verdict(other.path())
        .arg("restore")
        .arg(&copy)
        .assert()
        .success()
        .stdout(contains("previous database is kept"));
    verdict(other.path())
        .arg("list")
        .assert()
        .success()
        .stdout(contains("Claude Haiku Open Weights 50%"));
    let junk = files.path().join("junk.db");
    std::fs::write(&junk, "not a database, just text that is long enough").unwrap();
    verdict(other.path())
        .arg("restore")
        .arg(&junk)
        .assert()
        .failure()
        .stderr(contains("is not a Verdict Desk database"));
}

/// Issue 12, item 8: a reader that stops early (`verdict list | head -1`) closes the pipe;
/// the command ends quietly (no panic, no backtrace), with the status of a closed pipe.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args([
            "generate",
            "--tools",
            "80",
            "--comparisons",
            "600",
            "--reviewers",
            "4",
        ])
        .assert()
        .success();
    for args in [&["list"][..], &["export", "-"][..]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("verdict"))
            .args(args)
            .env("VERDICT_DATA_DIR", dir.path())
            .env_remove("VERDICT_LOG")
            .env("RUST_BACKTRACE", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one line, then close the pipe: the output is far larger than a pipe holds, so
        // the command is still writing.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?}: quiet, but said: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked");
        assert_eq!(out.status.code(), Some(141), "{args:?}");
    }
}

fn export_of(dir: &std::path::Path) -> Vec<u8> {
    verdict(dir).args(["export", "-"]).output().unwrap().stdout
}

/// Issue 12, item 9: an old bundle does not undo newer work silently. `--dry-run` lists what
/// would be added, replaced (with the changed fields) and left alone; without `--replace` an
/// import that would replace anything is refused, naming what differs, and nothing changes.
#[test]
fn an_import_that_would_replace_newer_work_is_refused_unless_replace_is_given() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let old = dir.path().join("old.json");
    verdict(dir.path())
        .args(["export", old.to_str().unwrap()])
        .assert()
        .success();
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&old).unwrap()).unwrap();
    let tool_slug = bundle["tools"][0]["slug"].as_str().unwrap().to_string();
    let old_name = bundle["tools"][0]["name"].as_str().unwrap().to_string();

    // Newer work at the desk after the export.
    {
        let desk = verdict_core::Desk::open(dir.path()).unwrap();
        let mut tool = desk
            .store()
            .tools()
            .unwrap()
            .into_iter()
            .find(|t| t.slug == tool_slug)
            .unwrap();
        tool.name = "A newer name".into();
        desk.store()
            .save_tool(&SaveCtx::unattributed(), &tool)
            .unwrap();
    }
    // The old bundle, with one tool the desk does not have.
    let mut with_new = bundle.clone();
    let mut added = bundle["tools"][0].clone();
    added["slug"] = "brand-new-tool".into();
    added["name"] = "Brand New Tool".into();
    with_new["tools"].as_array_mut().unwrap().push(added);
    let with_new_path = dir.path().join("with-new.json");
    std::fs::write(
        &with_new_path,
        serde_json::to_vec_pretty(&with_new).unwrap(),
    )
    .unwrap();
    let before = export_of(dir.path());

    // Dry run: what would happen, and nothing happens.
    verdict(dir.path())
        .args(["import", "--dry-run", with_new_path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("add      tool \"brand-new-tool\""))
        .stdout(contains(format!("replace  tool \"{tool_slug}\"")))
        .stdout(contains("here:   A newer name"))
        .stdout(contains(format!("bundle: {old_name}")))
        .stdout(contains("1 to add, 1 to replace,"))
        .stdout(contains("nothing was changed"));
    assert_eq!(export_of(dir.path()), before);

    // Without --replace: refused, naming what differs; nothing changes.
    verdict(dir.path())
        .args(["import", with_new_path.to_str().unwrap()])
        .assert()
        .failure()
        .code(1)
        .stderr(contains(format!("tool \"{tool_slug}\"")))
        .stderr(contains("differs in name"))
        .stderr(contains("--replace"));
    assert_eq!(export_of(dir.path()), before);

    // A bundle that only adds is imported as before.
    let mut only_adds: serde_json::Value = serde_json::from_slice(&before).unwrap();
    let mut another = only_adds["tools"][0].clone();
    another["slug"] = "another-new-tool".into();
    another["name"] = "Another New Tool".into();
    only_adds["tools"].as_array_mut().unwrap().push(another);
    let only_adds_path = dir.path().join("only-adds.json");
    std::fs::write(&only_adds_path, serde_json::to_vec(&only_adds).unwrap()).unwrap();
    verdict(dir.path())
        .args(["import", only_adds_path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("1 created"));

    // With --replace: the bundle's version wins.
    verdict(dir.path())
        .args(["import", "--replace", old.to_str().unwrap()])
        .assert()
        .success();
    verdict(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(contains(old_name.as_str()))
        .stdout(contains("A newer name").not());
}

#[test]
fn newsletter_writes_the_email_and_its_text() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let out = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args([
            "newsletter",
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-08",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success()
        .stdout(contains(
            "Weekly AI Tool Verdicts: Claude Haiku Open Weights vs Llama 4 Scout Quantized",
        ))
        .stdout(contains("1 comparison"));
    let html = std::fs::read_to_string(out.path().join("newsletter.html")).unwrap();
    let text = std::fs::read_to_string(out.path().join("newsletter.txt")).unwrap();
    let url = "https://verdicts.example.com/compare/claude-haiku-open-weights-vs-llama-4-scout-quantized/";
    assert!(html.contains(url) && text.contains(url));
    verdict(dir.path())
        .args(["newsletter", "--since", "2026-12-01", "--out"])
        .arg(out.path())
        .assert()
        .failure()
        .stderr(contains("no comparison was published"));
    verdict(dir.path())
        .args(["newsletter", "--since", "yesterday"])
        .assert()
        .failure()
        .stderr(contains("is not a date"));
}
