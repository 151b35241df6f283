//! The publishing targets as the desk offers them: listed, added and removed by a
//! publisher (the secret kept in the keyring only), checked, and the publishing view.

use crate::desk::{require, Desk, DeskError};
use crate::publish::{self, PublishError, PublishingView, TargetConfig, TargetView};
use crate::secrets::SecretStore;
use crate::store::{Change, ChangeKind, ChangeOrigin, ChangeWhat, StoreError};
use crate::validate::Validate;
use crate::workflow::Role;

impl Desk {
    pub fn targets(&self) -> Result<Vec<TargetConfig>, DeskError> {
        Ok(self.store().outbox().targets()?)
    }

    pub fn target(&self, name: &str) -> Result<TargetConfig, DeskError> {
        self.store()
            .outbox()
            .target(name)?
            .ok_or_else(|| PublishError::NoTarget(name.to_string()).into())
    }

    /// Adds a target as a publisher. The secret goes to `secrets` (the system keyring) and
    /// nowhere else; when it cannot be stored, nothing is added.
    pub fn add_target(
        &self,
        profile: &str,
        config: &TargetConfig,
        secret: Option<&str>,
        secrets: &dyn SecretStore,
    ) -> Result<(), DeskError> {
        let store = self.store();
        let _actor = require(&store, profile, Role::Publisher, "add publishing targets")?;
        let problems = config.validate();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems).into());
        }
        if store.outbox().target(&config.name)?.is_some() {
            return Err(PublishError::TargetExists(config.name.clone()).into());
        }
        if let Some(secret) = secret.filter(|s| !s.is_empty()) {
            if !config.kind.needs_secret() {
                return Err(StoreError::invalid(
                    "secret",
                    "a folder target has no secret; leave it out",
                )
                .into());
            }
            secrets
                .set(&config.name, secret)
                .map_err(PublishError::from)?;
        }
        if !store.outbox().add_target(config)? {
            return Err(PublishError::TargetExists(config.name.clone()).into());
        }
        store.tell(
            ChangeOrigin::Local,
            vec![Change::new(
                ChangeKind::Target,
                &config.name,
                ChangeWhat::Saved,
            )],
        );
        tracing::info!(target = %config.name, kind = config.kind.as_str(), "publishing target added");
        Ok(())
    }

    /// Removes a target, its queue and its records, and its secret from the keyring.
    pub fn remove_target(
        &self,
        profile: &str,
        name: &str,
        secrets: &dyn SecretStore,
    ) -> Result<(), DeskError> {
        let store = self.store();
        let _actor = require(
            &store,
            profile,
            Role::Publisher,
            "remove publishing targets",
        )?;
        // The pages it held are live on one target less: their rows change too.
        let held: Vec<String> = store
            .outbox()
            .pages()?
            .into_iter()
            .filter(|p| p.target == name)
            .map(|p| p.slug)
            .collect();
        if !store.outbox().remove_target(name)? {
            return Err(PublishError::NoTarget(name.to_string()).into());
        }
        let mut changes = vec![Change::new(ChangeKind::Target, name, ChangeWhat::Removed)];
        changes.extend(
            held.iter()
                .map(|slug| Change::new(ChangeKind::Comparison, slug, ChangeWhat::Published)),
        );
        store.tell(ChangeOrigin::Local, changes);
        if let Err(e) = secrets.delete(name) {
            tracing::warn!(target = %name, error = %e, "the target's secret could not be removed");
        }
        Ok(())
    }

    /// Targets, the queue and what each target holds.
    pub fn publishing_view(&self) -> Result<PublishingView, DeskError> {
        let store = self.store();
        let counts = store.outbox().page_counts()?;
        let targets = store
            .outbox()
            .targets()?
            .into_iter()
            .map(|t| TargetView {
                pages: counts.get(&t.name).copied().unwrap_or(0),
                name: t.name,
                kind: t.kind,
                url: t.url,
                user: t.user,
            })
            .collect();
        Ok(PublishingView {
            targets,
            jobs: store.outbox().jobs()?,
            pages: store.outbox().pages()?,
        })
    }
}

/// Checks a target's address and credentials.
pub async fn test_target(
    config: &TargetConfig,
    secrets: &dyn SecretStore,
) -> Result<String, DeskError> {
    let client = publish::connect(config, secrets)?;
    client.check().await.map_err(|source| {
        PublishError::Target {
            target: config.name.clone(),
            source,
        }
        .into()
    })
}
