//! Verified publishing on Ghost, against the real Ghost that `.ci/ghost` starts for this
//! binary: receipts of a post read back through the Admin API and at its public address.

mod ghost_site;

use std::time::Duration;

use ghost_site::desk::fixture;
use ghost_site::{ghost, runtime};

/// Verified publishing on Ghost: the post read back through the Admin API and at its public
/// address in the theme is the desk's page; an edit made in Ghost, a post moved back to
/// draft there and a deleted post are each named.
#[test]
fn a_post_is_read_back_and_drift_in_ghost_is_named() {
    use verdict_core::publish::verify::VerifyOptions;
    use verdict_core::store::receipts::{Receipt, ReceiptState};

    let rt = runtime();
    let ghost = ghost();
    let _turn = ghost.turn(&rt);
    let fx = fixture(&ghost.url);
    assert_eq!(fx.publish(&rt).failed, 0);
    let id = fx.remote_id(&fx.slug);
    let verify = || -> Receipt {
        let report = rt
            .block_on(
                fx.desk
                    .verify_published(fx.secrets.clone(), VerifyOptions::default()),
            )
            .unwrap();
        assert!(report.not_checked.is_empty(), "{:?}", report.not_checked);
        assert_eq!(report.receipts.len(), 1, "{:?}", report.receipts);
        report.receipts.into_iter().next().unwrap()
    };
    let said = |r: &Receipt| {
        r.differences
            .iter()
            .map(|d| d.said.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };

    let receipt = verify();
    assert_eq!(receipt.state, ReceiptState::Verified, "{}", said(&receipt));
    let public = receipt
        .public_url
        .clone()
        .expect("a published post's address");
    assert!(public.starts_with(&ghost.url), "{public}");

    // An edit in Ghost's editor: one second on, so its updated_at is another.
    std::thread::sleep(Duration::from_millis(1100));
    rt.block_on(ghost.edit_title(&id, "Retitled in Ghost"));
    let receipt = verify();
    assert_eq!(receipt.state, ReceiptState::Differs);
    let text = said(&receipt);
    assert!(text.contains("edited in Ghost"), "{text}");
    assert!(text.contains("Retitled in Ghost"), "{text}");

    // Back to draft in Ghost: not public, and no public address read.
    let post = rt.block_on(ghost.post(&id)).unwrap();
    let (status, body) = rt.block_on(ghost.admin(
        "PUT",
        &format!("posts/{id}/"),
        Some(serde_json::json!({ "posts": [{ "status": "draft", "updated_at": post["updated_at"] }] })),
    ));
    assert_eq!(status, 200, "{body}");
    let receipt = verify();
    assert_eq!(receipt.state, ReceiptState::Differs);
    assert!(
        said(&receipt).contains("its status is “draft”"),
        "{}",
        said(&receipt)
    );

    // Deleted in Ghost: missing.
    let (status, body) = rt.block_on(ghost.admin("DELETE", &format!("posts/{id}/"), None));
    assert_eq!(status, 204, "{body}");
    let receipt = verify();
    assert_eq!(receipt.state, ReceiptState::Missing, "{}", said(&receipt));
    assert!(
        said(&receipt).contains("gone from Ghost"),
        "{}",
        said(&receipt)
    );
}
