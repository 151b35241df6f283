//! The sample desk with a Ghost target, for the Ghost tests: publish a page, run the queue,
//! find the post's id.

use std::sync::Arc;

use verdict_core::desk::Selection;
use verdict_core::publish::{TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;

use super::{ghost, options};

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
    pub secrets: Arc<dyn SecretStore>,
    pub slug: String,
}

/// The sample desk with a Ghost target `ghost` at `url` (Ghost itself, or a proxy to it).
pub fn fixture(url: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let slug = desk.overview().unwrap().comparisons[0].slug.clone();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = TargetConfig {
        name: "ghost".into(),
        kind: TargetKind::Ghost,
        url: url.into(),
        user: None,
    };
    desk.add_target("publisher", &config, Some(&ghost().key), secrets.as_ref())
        .unwrap();
    Fixture {
        dir,
        desk,
        secrets,
        slug,
    }
}

impl Fixture {
    pub fn run(&self, rt: &tokio::runtime::Runtime) -> verdict_core::publish::Progress {
        rt.block_on(verdict_core::publish::run_until_settled(
            self.desk.data_dir(),
            self.secrets.clone(),
            options("ghost"),
            |_| {},
        ))
        .unwrap()
    }

    pub fn publish(&self, rt: &tokio::runtime::Runtime) -> verdict_core::publish::Progress {
        self.desk
            .queue_publish(
                "publisher",
                Some("ghost"),
                &Selection::Pages(vec![self.slug.clone()]),
            )
            .unwrap();
        self.run(rt)
    }

    pub fn remote_id(&self, slug: &str) -> String {
        self.desk
            .publishing_view()
            .unwrap()
            .pages
            .iter()
            .find(|p| p.slug == slug)
            .and_then(|p| p.remote_id.clone())
            .expect("the post's id is remembered")
    }
}
