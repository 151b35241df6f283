//! `verdict export` and `verdict import` with a bundle that carries an image (a zip).

use predicates::str::contains;
use verdict_core::media::MediaText;
use verdict_core::Desk;

mod support;
use support::verdict;

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect x="8" y="8" width="48" height="48" fill="#1a7f5a"/></svg>"##;

#[test]
fn a_desk_with_a_logo_exports_a_zip_that_imports_elsewhere() {
    let a = tempfile::tempdir().unwrap();
    verdict(a.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let hash = {
        let desk = Desk::open(a.path()).unwrap();
        desk.ensure_profiles().unwrap();
        let text = MediaText {
            alt: Some("Green square".into()),
            ..MediaText::default()
        };
        let hash = desk
            .add_media("editor", "logo.svg", LOGO.as_bytes(), &text)
            .unwrap()
            .item
            .hash;
        let tool = desk.store().tools().unwrap()[0].slug.clone();
        desk.set_tool_logo("editor", &tool, &hash).unwrap();
        hash
    };
    let out = tempfile::tempdir().unwrap();
    let asked = out.path().join("desk.json");
    let zip = out.path().join("desk.zip");
    verdict(a.path())
        .arg("export")
        .arg(&asked)
        .assert()
        .success()
        .stdout(contains(zip.display().to_string()));
    assert!(std::fs::read(&zip).unwrap().starts_with(b"PK\x03\x04"));
    assert!(!asked.exists());

    let b = tempfile::tempdir().unwrap();
    verdict(b.path()).arg("init").assert().success();
    verdict(b.path()).arg("import").arg(&zip).assert().success();
    let desk = Desk::open(b.path()).unwrap();
    assert_eq!(desk.media_item(&hash).unwrap().alt, "Green square");
    assert!(desk
        .store()
        .tools()
        .unwrap()
        .iter()
        .any(|t| t.logo.as_deref() == Some(hash.as_str())));
}
