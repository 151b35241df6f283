//! `verdict media`: add, list (table and JSON), alt, rm, and refusals naming the file.

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

mod support;
use support::verdict;

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#c33"/></svg>"##;

#[test]
fn add_list_alt_and_remove_an_image() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme logo.svg");
    std::fs::write(&file, LOGO).unwrap();
    let out = verdict(dir.path())
        .args(["media", "add"])
        .arg(&file)
        .args(["--alt", "Acme's logo", "--credit", "Acme press kit"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("acme logo.svg 64×64 image/svg+xml (4 variants)"),
        "{stdout}"
    );
    let hash = stdout
        .lines()
        .find_map(|l| l.strip_prefix("added "))
        .expect("the hash is printed")
        .to_string();
    assert_eq!(hash.len(), 64);
    assert!(
        stdout.contains(&format!("![Acme's logo](media:{hash})")),
        "{stdout}"
    );

    verdict(dir.path())
        .args(["media", "list"])
        .assert()
        .success()
        .stdout(
            contains("Images (1)")
                .and(contains(&hash[..12]))
                .and(contains("Acme's logo")),
        );
    verdict(dir.path())
        .args(["media", "alt", &hash[..10], "The Acme logo, a red disc"])
        .assert()
        .success();
    let out = verdict(dir.path())
        .args(["media", "list", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["hash"], hash.as_str());
    assert_eq!(json[0]["alt"], "The Acme logo, a red disc");
    assert_eq!(json[0]["credit"], "Acme press kit");
    assert_eq!(json[0]["variants"].as_array().unwrap().len(), 4);
    assert!(dir
        .path()
        .join("media")
        .join(&hash)
        .join("original.svg")
        .exists());

    verdict(dir.path())
        .args(["media", "rm", &hash])
        .assert()
        .success()
        .stdout(contains("removed"));
    verdict(dir.path())
        .args(["media", "list"])
        .assert()
        .success()
        .stdout(contains("Images (0)"));
}

#[test]
fn a_refused_file_is_named_and_nothing_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.svg");
    std::fs::write(
        &file,
        r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
    )
    .unwrap();
    verdict(dir.path())
        .args(["media", "add"])
        .arg(&file)
        .args(["--alt", "x"])
        .assert()
        .failure()
        .stderr(contains(
            "error: evil.svg: the SVG contains an event handler (onload)",
        ));
    // Alt text is asked for unless the image is marked decorative.
    verdict(dir.path())
        .args(["media", "add"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(contains("--alt"));
    verdict(dir.path())
        .args(["media", "list", "--json"])
        .assert()
        .success()
        .stdout(contains("[]"));
}

#[test]
fn an_image_added_as_a_tools_logo_is_its_logo() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let file = dir.path().join("haiku.svg");
    std::fs::write(&file, LOGO).unwrap();
    verdict(dir.path())
        .args(["media", "add"])
        .arg(&file)
        .args(["--alt", "Claude Haiku's logo"])
        .args(["--logo-of", "claude-haiku-open-weights"])
        .assert()
        .success()
        .stdout(contains("now the logo of Claude Haiku Open Weights"));
    // The tool's page shows it; removing it is refused while it is the logo.
    verdict(dir.path())
        .args(["media", "rm"])
        .arg(file_hash(dir.path()))
        .assert()
        .failure()
        .stderr(contains("claude-haiku-open-weights"));
    let other = dir.path().join("other.svg");
    std::fs::write(&other, LOGO.replace("#c33", "#33c")).unwrap();
    verdict(dir.path())
        .args(["media", "add"])
        .arg(&other)
        .args(["--alt", "x", "--logo-of", "no-such-tool"])
        .assert()
        .failure()
        .stderr(contains("no-such-tool"));
    verdict(dir.path())
        .args(["media", "list"])
        .assert()
        .success()
        .stdout(contains("Images (1)"));
}

#[test]
fn generate_gives_tools_logos_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
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
        .args(["--logos", "3"])
        .assert()
        .success()
        .stdout(contains("gave 3 tools a generated logo"));
    let out = verdict(dir.path())
        .args(["media", "list", "--json"])
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 3, "{items:?}");
    for item in items {
        assert_eq!(item["mime"], "image/png");
        assert!(item["alt"].as_str().unwrap().starts_with("Logo of "));
    }
    // The pages show them: the site writes their files.
    let site = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .arg("site")
        .arg(site.path())
        .arg("--include-drafts")
        .assert()
        .success();
    for item in items {
        let hash = item["hash"].as_str().unwrap();
        assert!(site.path().join("media").join(hash).is_dir(), "{hash}");
    }
}

/// The one image's hash, from the JSON list.
fn file_hash(dir: &std::path::Path) -> String {
    let out = verdict(dir)
        .args(["media", "list", "--json"])
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    items[0]["hash"].as_str().unwrap().to_string()
}
