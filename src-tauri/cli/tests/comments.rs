//! `verdict comments` and `verdict comment`: a thread on words of a page's intro, replied to
//! and resolved, listed as text and JSON; bad input named.

#[path = "support/mod.rs"]
mod support;
use support::verdict;

const PAGE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

#[test]
fn comments_are_added_listed_replied_to_and_resolved() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let dek = format!("comparison:{PAGE}:dek");
    let out = verdict(dir.path())
        .args([
            "--as",
            "editor",
            "comment",
            "add",
            "--on",
            &dek,
            "--words",
            "side-by-side",
        ])
        .arg("Is this the word we use, @publisher?")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    let id = said.split_whitespace().next().unwrap().to_string();
    assert!(said.contains("\"side-by-side\""), "{said}");

    verdict(dir.path())
        .args(["--as", "publisher", "comment", "reply", &id, "It is."])
        .assert()
        .success();
    let listed = verdict(dir.path())
        .args(["comments", PAGE, "--json"])
        .output()
        .unwrap();
    let threads: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(threads[0]["anchor"]["quote"], "side-by-side");
    assert_eq!(threads[0]["comments"][1]["author"], "publisher");
    assert_eq!(threads[0]["comments"][0]["mentions"][0], "publisher");

    verdict(dir.path())
        .args(["--as", "publisher", "comment", "resolve", &id])
        .assert()
        .success();
    let text = verdict(dir.path())
        .args(["comments", PAGE])
        .output()
        .unwrap();
    assert!(String::from_utf8(text.stdout)
        .unwrap()
        .contains("no open comments"));
    let all = verdict(dir.path())
        .args(["comments", PAGE, "--all"])
        .output()
        .unwrap();
    assert!(String::from_utf8(all.stdout)
        .unwrap()
        .contains("resolved by publisher"));

    let bad = verdict(dir.path())
        .args([
            "--as",
            "editor",
            "comment",
            "add",
            "--on",
            &dek,
            "--words",
            "not there",
        ])
        .arg("x")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--words"));
    let unknown = verdict(dir.path())
        .args([
            "--as",
            "editor",
            "comment",
            "add",
            "--on",
            &dek,
            "--words",
            "side-by-side",
        ])
        .arg("@ghost look")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("@ghost is not a member"));
}
