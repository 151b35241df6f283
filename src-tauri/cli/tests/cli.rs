//! The `verdict` binary end to end: init, import, export, list, and refusals with exit codes.

use assert_cmd::Command;
use predicates::str::contains;

fn verdict(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("verdict").unwrap();
    cmd.env("VERDICT_DATA_DIR", dir).env_remove("VERDICT_LOG");
    cmd
}

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
