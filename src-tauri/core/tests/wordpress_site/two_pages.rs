//! The desk the WordPress image tests publish: the sample desk with a second published page
//! that shows the first page's first tool (against a third tool), and the WordPress target
//! `wp` added to it. Logos are the test's own, set between the two steps.

use std::sync::Arc;

use verdict_core::model::{Comparison, ComparisonStatus};
use verdict_core::publish::{TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::SaveCtx;
use verdict_core::Desk;

use super::Site;

/// The sample desk and its two published pages.
pub struct TwoPages {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
    /// The sample's published page.
    pub first: Comparison,
    /// The second page: the first page's first tool against "tool-c".
    pub second: Comparison,
    /// The first page's first tool (on both pages) and its second (on the first only).
    pub tool: String,
    pub other: String,
}

/// The sample desk with a second published page showing the first page's first tool.
pub fn two_pages() -> TwoPages {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let first = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.status == ComparisonStatus::Published)
        .unwrap();
    let (tool, other) = (first.tools[0].clone(), first.tools[1].clone());
    let mut third = desk.tool(&other).unwrap();
    third.slug = "tool-c".into();
    third.name = "Tool C".into();
    desk.create_tool("editor", &third).unwrap();
    let mut second = first.clone();
    second.slug = "second-page-with-the-logo".into();
    second.title = "The first tool vs Tool C".into();
    second.tools = vec![tool.clone(), third.slug.clone()];
    desk.create_comparison("editor", &second).unwrap();
    // Published as the sample's page is (the approval workflow is not what this tests).
    second.status = ComparisonStatus::Published;
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &second)
        .unwrap();
    TwoPages {
        dir,
        desk,
        first,
        second,
        tool,
        other,
    }
}

/// Adds the WordPress target `wp` at `url` (the site itself, or a proxy in front of it)
/// with the site's application password in an in-memory keyring; and a runtime to run the
/// outbox on.
pub fn add_wordpress(
    desk: &Desk,
    site: &Site,
    url: &str,
) -> (Arc<dyn SecretStore>, tokio::runtime::Runtime) {
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = TargetConfig {
        name: "wp".into(),
        kind: TargetKind::Wordpress,
        url: url.into(),
        user: Some(site.user.clone()),
    };
    desk.add_target("publisher", &config, Some(&site.password), secrets.as_ref())
        .unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    (secrets, rt)
}
