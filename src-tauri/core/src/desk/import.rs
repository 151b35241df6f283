//! Importing a bundle into a desk that already has content: what it would add, replace (field
//! by field) and leave alone, and an import that replaces newer work only when asked to.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::{history, Desk, DeskError, FieldChange};
use crate::bundle::{Bundle, BundleProblem, ImportReport};
use crate::bundle::{BundleFile, Staged};
use crate::media::MediaDir;
use crate::model::verdict_key;
use crate::store::SaveCtx;

/// One entity of a bundle, named as a person finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImportEntity {
    /// `site`, `reviewer`, `tool`, `verdict`, `comparison`, `community_votes` or `image`.
    pub kind: String,
    /// Its slug (a verdict: `reviewer/tool`; votes: `comparison/tool`; the site: `site`).
    pub key: String,
    /// Where it is in the bundle, e.g. `tools[3]`.
    pub path: String,
}

impl std::fmt::Display for ImportEntity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.kind == "site" {
            f.write_str("the site settings")
        } else {
            write!(f, "{} \"{}\"", self.kind.replace('_', " "), self.key)
        }
    }
}

/// An entity the import would replace, with what would change: before is this desk's,
/// after is the bundle's.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportReplacement {
    pub entity: ImportEntity,
    pub changes: Vec<FieldChange>,
}

/// What importing a bundle would do, entity by entity.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct ImportPlan {
    /// Not on this desk yet.
    pub added: Vec<ImportEntity>,
    /// On this desk and different: the import would replace them.
    pub replaced: Vec<ImportReplacement>,
    /// On this desk exactly as in the bundle.
    pub unchanged: Vec<ImportEntity>,
}

impl std::fmt::Display for ImportPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} to add, {} to replace, {} unchanged",
            self.added.len(),
            self.replaced.len(),
            self.unchanged.len()
        )
    }
}

/// Every entity of a bundle as (kind, key, bundle path, JSON), in bundle order.
fn entities(bundle: &Bundle) -> Vec<(String, String, String, Value)> {
    fn json<T: Serialize>(x: &T) -> Value {
        serde_json::to_value(x).expect("model types serialise")
    }
    let mut all = vec![(
        "site".to_string(),
        "site".to_string(),
        "site".to_string(),
        json(&bundle.site),
    )];
    let mut push = |kind: &str, key: String, path: String, v: Value| {
        all.push((kind.to_string(), key, path, v));
    };
    for (i, x) in bundle.reviewers.iter().enumerate() {
        push(
            "reviewer",
            x.slug.clone(),
            format!("reviewers[{i}]"),
            json(x),
        );
    }
    for (i, x) in bundle.tools.iter().enumerate() {
        push("tool", x.slug.clone(), format!("tools[{i}]"), json(x));
    }
    for (i, x) in bundle.verdicts.iter().enumerate() {
        let key = verdict_key(&x.reviewer, &x.tool);
        push("verdict", key, format!("verdicts[{i}]"), json(x));
    }
    for (i, x) in bundle.comparisons.iter().enumerate() {
        push(
            "comparison",
            x.slug.clone(),
            format!("comparisons[{i}]"),
            json(x),
        );
    }
    for (i, x) in bundle.community_votes.iter().enumerate() {
        let key = format!("{}/{}", x.comparison, x.tool);
        push(
            "community_votes",
            key,
            format!("community_votes[{i}]"),
            json(x),
        );
    }
    // An image's text (alt, credit, decorative) is work like any field: replacing it is asked.
    for (i, x) in bundle.media.iter().enumerate() {
        push("image", x.hash.clone(), format!("media[{i}]"), json(x));
    }
    all
}

/// What importing `incoming` over `current` (this desk's content, as exported) would do.
pub fn plan_import(current: &Bundle, incoming: &Bundle) -> ImportPlan {
    let here: HashMap<(String, String), Value> = entities(current)
        .into_iter()
        .map(|(kind, key, _, v)| ((kind, key), v))
        .collect();
    // Site settings never saved are the defaults, not anybody's work.
    let default_site =
        serde_json::to_value(crate::model::SiteSettings::default()).expect("model types serialise");
    let mut plan = ImportPlan::default();
    for (kind, key, path, theirs) in entities(incoming) {
        let entity = ImportEntity {
            kind: kind.clone(),
            key: key.clone(),
            path,
        };
        match here.get(&(kind, key)) {
            None => plan.added.push(entity),
            Some(ours) if entity.kind == "site" && *ours == default_site && theirs != *ours => {
                plan.added.push(entity)
            }
            Some(ours) if *ours == theirs => plan.unchanged.push(entity),
            Some(ours) => {
                let changes = history::diff(ours, &theirs);
                if changes.is_empty() {
                    plan.unchanged.push(entity);
                } else {
                    plan.replaced.push(ImportReplacement { entity, changes });
                }
            }
        }
    }
    plan
}

impl Desk {
    /// What importing `bundle` would add, replace (with the field diff) and leave alone.
    /// Changes nothing; the app shows it and asks before an import that replaces anything.
    pub fn import_plan(&self, bundle: &Bundle) -> Result<ImportPlan, DeskError> {
        let current = self.store().export_bundle()?;
        Ok(plan_import(&current, bundle))
    }

    /// Reads and checks a bundle file, and says what importing it would do.
    pub fn import_plan_file(&self, path: &Path) -> Result<ImportPlan, DeskError> {
        let file = read_bundle_file(path)?;
        let bundle = file.bundle;
        let mut staged = Staged::unwritten(file.images);
        let mut store = self.store();
        // A bundle that would be refused is refused here too, naming its problems (the
        // check runs the import's own pass and rolls it back).
        store.check_import_with_media(&bundle, &mut staged)?;
        Ok(plan_import(&store.export_bundle()?, &bundle))
    }

    /// Imports a bundle file. Unless `replace`, an import that would replace anything on the
    /// desk that differs from the bundle is refused, naming each such entity and its changed
    /// fields, and nothing changes.
    pub fn import_file_checked(
        &self,
        path: &Path,
        replace: bool,
    ) -> Result<ImportReport, DeskError> {
        // A zip's images are written aside before the store is taken, placed as it commits.
        let (bundle, mut staged) = self.stage_images(read_bundle_file(path)?)?;
        let report = {
            let mut store = self.store();
            let refusals = if replace {
                Vec::new()
            } else {
                let plan = plan_import(&store.export_bundle()?, &bundle);
                plan.replaced.iter().map(refusal).collect()
            };
            store.import_bundle_with_media(&SaveCtx::import(), &bundle, &mut staged, refusals)?
        };
        self.track_published()?;
        Ok(report)
    }
}

fn refusal(r: &ImportReplacement) -> BundleProblem {
    let fields: Vec<&str> = r.changes.iter().map(|c| c.field.as_str()).collect();
    BundleProblem {
        path: r.entity.path.clone(),
        message: format!(
            "would replace {} on this desk, which differs in {}",
            r.entity,
            fields.join(", ")
        ),
    }
}

impl Desk {
    /// The images of a read bundle file written aside in this desk's media folder.
    pub fn stage_images(&self, file: BundleFile) -> Result<(Bundle, Staged), DeskError> {
        let staged = Staged::write(file.images, &MediaDir::of(self.data_dir()))?;
        Ok((file.bundle, staged))
    }

    /// The extension of this desk's bundle: `zip` when its content shows images, else `json`.
    pub fn bundle_extension(&self) -> Result<&'static str, DeskError> {
        let store = self.store();
        Ok(if crate::bundle::referenced(&store)?.is_empty() {
            "json"
        } else {
            "zip"
        })
    }

    /// The desk's bundle as bytes, and whether they are a zip (the content shows images).
    pub fn export_bytes(&self) -> Result<(Vec<u8>, bool), DeskError> {
        let bundle = self.store().export_bundle()?;
        if bundle.media.is_empty() {
            return Ok((bundle.to_json().into_bytes(), false));
        }
        let dir = MediaDir::of(self.data_dir());
        let bytes = crate::bundle::write_zip(&bundle, &dir).map_err(|source| DeskError::Io {
            path: dir.path().display().to_string(),
            source,
        })?;
        Ok((bytes, true))
    }

    /// Writes the bundle to `path`, atomically; a `.json` name becomes `.zip` when the bundle
    /// is a zip, and a `.zip` name `.json` when it is not. Returns the path written.
    pub fn export_to(&self, path: &Path) -> Result<PathBuf, DeskError> {
        let (bytes, zip) = self.export_bytes()?;
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let path = match (ext.as_deref(), zip) {
            (Some("json"), true) => path.with_extension("zip"),
            (Some("zip"), false) => path.with_extension("json"),
            _ => path.to_path_buf(),
        };
        super::write_atomically(&path, &bytes)?;
        Ok(path)
    }
}

/// Reads a bundle file, JSON or zip by its content (a zip's images checked, not written).
fn read_bundle_file(path: &Path) -> Result<BundleFile, DeskError> {
    let bytes = std::fs::read(path).map_err(|source| DeskError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(BundleFile::parse(&bytes)?)
}
