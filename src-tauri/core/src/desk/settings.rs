//! Settings at the desk: the people working here (profiles and roles), the site settings,
//! and where the data lives.

use serde::Serialize;

use super::{require, Desk, DeskError};
use crate::model::SiteSettings;
use crate::workflow::{Profile, Role};

/// Where this desk keeps its data, for the Settings screen.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeskInfo {
    pub data_dir: String,
    pub database: String,
    pub backups_dir: String,
    pub schema_version: u32,
    pub themes: Vec<String>,
}

/// The profiles a new desk starts with: an editor, a publisher, and one reviewer profile per
/// reviewer, so every part of the workflow can be tried at once.
pub fn default_profiles(reviewers: &[crate::model::Reviewer]) -> Vec<Profile> {
    let mut profiles = vec![
        Profile {
            slug: "editor".into(),
            name: "Editor".into(),
            roles: vec![Role::Editor],
            reviewer: None,
        },
        Profile {
            slug: "publisher".into(),
            name: "Publisher".into(),
            roles: vec![Role::Publisher],
            reviewer: None,
        },
    ];
    for r in reviewers {
        if profiles.iter().any(|p| p.slug == r.slug) {
            continue;
        }
        profiles.push(Profile {
            slug: r.slug.clone(),
            name: r.name.clone(),
            roles: vec![Role::Reviewer],
            reviewer: Some(r.slug.clone()),
        });
    }
    profiles
}

impl Desk {
    /// Creates the default profiles when the desk has none; returns how many were created.
    pub fn ensure_profiles(&self) -> Result<usize, DeskError> {
        let mut store = self.store();
        if !store.profiles()?.is_empty() {
            return Ok(0);
        }
        let profiles = default_profiles(&store.reviewers()?);
        for p in &profiles {
            store.save_profile(p)?;
        }
        Ok(profiles.len())
    }

    pub fn profiles(&self) -> Result<Vec<Profile>, DeskError> {
        Ok(self.store().profiles()?)
    }

    /// Adds or changes a profile. Profiles are local to this desk and anyone at it may manage
    /// them; what a profile may do is then enforced on every action.
    pub fn save_profile(&self, profile: &Profile) -> Result<Profile, DeskError> {
        self.store().save_profile(profile)?;
        Ok(profile.clone())
    }

    pub fn site(&self) -> Result<SiteSettings, DeskError> {
        Ok(self.store().site()?)
    }

    /// Saves the site settings as `profile`, an editor or a publisher.
    pub fn save_site(&self, profile: &str, site: &SiteSettings) -> Result<SiteSettings, DeskError> {
        let mut store = self.store();
        let actor = match require(&store, profile, Role::Publisher, "change site settings") {
            Ok(publisher) => publisher,
            Err(_) => require(&store, profile, Role::Editor, "change site settings")?,
        };
        crate::render::Renderer::for_site(site)?;
        store.save_site(actor.ctx(), site)?;
        Ok(site.clone())
    }

    pub fn info(&self) -> Result<DeskInfo, DeskError> {
        let store = self.store();
        Ok(DeskInfo {
            data_dir: self.data_dir.display().to_string(),
            database: self
                .data_dir
                .join(crate::store::DB_FILE)
                .display()
                .to_string(),
            backups_dir: self
                .data_dir
                .join(crate::backup::BACKUP_DIR)
                .display()
                .to_string(),
            schema_version: store.schema_version()?,
            themes: crate::render::theme_names()
                .into_iter()
                .map(String::from)
                .collect(),
        })
    }
}
