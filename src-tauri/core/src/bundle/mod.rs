//! The versioned JSON bundle: export of all content and atomic, all-or-nothing import.

use serde::{Deserialize, Serialize};

mod media;
mod zipped;

pub(crate) use media::save_media_tx;
pub use media::{check_media, referenced, BundleMedia, Staged};
pub use zipped::{is_zip, read_zip, write_zip, BundleFile, Incoming, ZipLimits};

use crate::model::{CommunityVotes, Comparison, Reviewer, SiteSettings, Tool, Verdict};

/// The value of the bundle's `format` field.
pub const BUNDLE_FORMAT: &str = "verdict-desk-bundle";
/// The bundle version this build writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

/// All content of a desk. Revisions, profiles and credentials are not part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub site: SiteSettings,
    pub reviewers: Vec<Reviewer>,
    pub tools: Vec<Tool>,
    pub verdicts: Vec<Verdict>,
    pub comparisons: Vec<Comparison>,
    #[serde(default)]
    pub community_votes: Vec<CommunityVotes>,
    /// The images the content shows, with their text; left out when there are none, so a
    /// desk without images exports what it always did. Their files travel in a zip bundle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<BundleMedia>,
}

use std::collections::HashMap;
use std::fmt;

use crate::model::{pair_key, verdict_key};
use crate::store::{self, SaveCtx, SaveOutcome, Store, StoreError};
use crate::validate::{FieldError, Validate};

/// One reason a bundle was refused, at one JSON path (`tools[1].slug`; `$` is the whole file).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BundleProblem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for BundleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The bundle is wrong; nothing was changed.
    #[error("the bundle was refused and nothing was changed:\n{}", list(.0))]
    Rejected(Vec<BundleProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BundleError {
    /// The problems, when the bundle itself was at fault.
    pub fn problems(&self) -> &[BundleProblem] {
        match self {
            BundleError::Rejected(p) => p,
            BundleError::Store(_) => &[],
        }
    }

    fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        BundleError::Rejected(vec![BundleProblem {
            path: path.into(),
            message: message.into(),
        }])
    }
}

fn list(problems: &[BundleProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Bundle {
    /// Parses a bundle file, refusing bad text, bad JSON, other formats and other versions.
    pub fn parse(bytes: &[u8]) -> Result<Bundle, BundleError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            BundleError::at(
                "$",
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
        })?;
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let hint = if e.is_eof() {
                " (the file looks truncated)"
            } else {
                ""
            };
            BundleError::at(
                "$",
                format!(
                    "not valid JSON at line {} column {}: {}{hint}",
                    e.line(),
                    e.column(),
                    e
                ),
            )
        })?;
        let Some(root) = value.as_object() else {
            return Err(BundleError::at("$", "a bundle must be a JSON object"));
        };
        match root.get("format").and_then(|f| f.as_str()) {
            Some(BUNDLE_FORMAT) => {}
            Some(other) => {
                return Err(BundleError::at(
                    "format",
                    format!(
                        "\"{other}\" is not a Verdict Desk bundle (expected \"{BUNDLE_FORMAT}\")"
                    ),
                ))
            }
            None => {
                return Err(BundleError::at(
                    "format",
                    format!("missing; a Verdict Desk bundle has \"format\": \"{BUNDLE_FORMAT}\""),
                ))
            }
        }
        match root.get("version") {
            Some(v) if v.as_u64() == Some(u64::from(BUNDLE_VERSION)) => {}
            Some(v) => {
                return Err(BundleError::at(
                    "version",
                    format!("unsupported bundle version {v}; this Verdict Desk reads version {BUNDLE_VERSION}"),
                ))
            }
            None => return Err(BundleError::at("version", "missing")),
        }
        serde_path_to_error::deserialize::<_, Bundle>(value).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "$".to_string() } else { path };
            BundleError::at(path, e.into_inner().to_string())
        })
    }

    /// The canonical text: 2-space indentation, trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("bundle serialises");
        s.push('\n');
        s
    }

    /// Everything wrong with the bundle that can be seen without the database.
    pub fn check(&self) -> Vec<BundleProblem> {
        let mut problems: Vec<FieldError> = Vec::new();
        problems.extend(self.site.validate().into_iter().map(|e| e.prefixed("site")));
        let mut dup =
            |kind: &str, seen: &mut HashMap<String, usize>, key: String, i: usize, field: &str| {
                if let Some(first) = seen.insert(key.clone(), i) {
                    problems.push(FieldError::new(
                        format!("{kind}[{i}]{field}"),
                        format!("duplicate: \"{key}\" is already at {kind}[{first}]"),
                    ));
                }
            };
        let mut seen = HashMap::new();
        for (i, r) in self.reviewers.iter().enumerate() {
            dup("reviewers", &mut seen, r.slug.clone(), i, ".slug");
        }
        let mut seen = HashMap::new();
        for (i, t) in self.tools.iter().enumerate() {
            dup("tools", &mut seen, t.slug.clone(), i, ".slug");
        }
        let mut seen = HashMap::new();
        for (i, v) in self.verdicts.iter().enumerate() {
            dup(
                "verdicts",
                &mut seen,
                verdict_key(&v.reviewer, &v.tool),
                i,
                "",
            );
        }
        let mut seen = HashMap::new();
        let mut pairs = HashMap::new();
        for (i, c) in self.comparisons.iter().enumerate() {
            dup("comparisons", &mut seen, c.slug.clone(), i, ".slug");
            dup("comparisons", &mut pairs, pair_key(&c.tools), i, ".tools");
        }
        let mut seen = HashMap::new();
        for (i, v) in self.community_votes.iter().enumerate() {
            dup(
                "community_votes",
                &mut seen,
                format!("{}/{}", v.comparison, v.tool),
                i,
                "",
            );
        }
        for (i, r) in self.reviewers.iter().enumerate() {
            problems.extend(
                r.validate()
                    .into_iter()
                    .map(|e| e.prefixed(&format!("reviewers[{i}]"))),
            );
        }
        for (i, t) in self.tools.iter().enumerate() {
            problems.extend(
                t.validate()
                    .into_iter()
                    .map(|e| e.prefixed(&format!("tools[{i}]"))),
            );
        }
        for (i, v) in self.verdicts.iter().enumerate() {
            problems.extend(
                v.validate()
                    .into_iter()
                    .map(|e| e.prefixed(&format!("verdicts[{i}]"))),
            );
        }
        for (i, c) in self.comparisons.iter().enumerate() {
            problems.extend(
                c.validate()
                    .into_iter()
                    .map(|e| e.prefixed(&format!("comparisons[{i}]"))),
            );
        }
        let mut problems: Vec<BundleProblem> = problems
            .into_iter()
            .map(|e| BundleProblem {
                path: e.field,
                message: e.message,
            })
            .collect();
        problems.extend(check_media(&self.media));
        problems
    }
}

/// How many of each kind an import created, changed or found unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportReport {
    fn count(&mut self, outcome: SaveOutcome) {
        match outcome {
            SaveOutcome::Created => self.created += 1,
            SaveOutcome::Updated(_) => self.updated += 1,
            SaveOutcome::Unchanged => self.unchanged += 1,
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged",
            self.created, self.updated, self.unchanged
        )
    }
}

/// Saves one item inside the import transaction; field problems are collected under `path`.
fn collect(
    report: &mut ImportReport,
    problems: &mut Vec<BundleProblem>,
    path: String,
    result: Result<SaveOutcome, StoreError>,
) -> Result<(), BundleError> {
    match result {
        Ok(outcome) => report.count(outcome),
        Err(StoreError::Invalid(errors)) => problems.extend(errors.into_iter().map(|e| {
            let e = e.prefixed(&path);
            BundleProblem {
                path: e.field,
                message: e.message,
            }
        })),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

impl Store {
    /// Imports a bundle in one transaction: everything lands, or nothing changes.
    /// Entities are upserted by slug; content not in the bundle is kept.
    pub fn import_bundle(
        &mut self,
        ctx: &SaveCtx,
        bundle: &Bundle,
    ) -> Result<ImportReport, BundleError> {
        self.import_pass(ctx, bundle, None, Vec::new(), true)
    }

    /// Imports a bundle with the images a zip brought (`staged`), placed into the media folder
    /// only as the transaction commits; `refusals` as for [`Store::import_bundle_refusing`].
    pub fn import_bundle_with_media(
        &mut self,
        ctx: &SaveCtx,
        bundle: &Bundle,
        staged: &mut Staged,
        refusals: Vec<BundleProblem>,
    ) -> Result<ImportReport, BundleError> {
        self.import_pass(ctx, bundle, Some(staged), refusals, true)
    }

    /// Checks a bundle with the images a zip brought, as [`Store::check_import`] does.
    pub fn check_import_with_media(
        &mut self,
        bundle: &Bundle,
        staged: &mut Staged,
    ) -> Result<ImportReport, BundleError> {
        self.import_pass(&SaveCtx::import(), bundle, Some(staged), Vec::new(), false)
    }

    /// Imports a bundle unless `refusals` (reasons found by the caller, e.g. entities the
    /// import would replace) is not empty: then nothing changes and the refusals are the
    /// answer. The bundle's own problems come first: a bundle that is wrong is refused for
    /// that, naming its problems, whatever the refusals.
    pub fn import_bundle_refusing(
        &mut self,
        ctx: &SaveCtx,
        bundle: &Bundle,
        refusals: Vec<BundleProblem>,
    ) -> Result<ImportReport, BundleError> {
        self.import_pass(ctx, bundle, None, refusals, true)
    }

    /// Checks a bundle as an import would (references into this desk included), and changes
    /// nothing: the report says what the import would create, update and leave unchanged.
    pub fn check_import(&mut self, bundle: &Bundle) -> Result<ImportReport, BundleError> {
        // Rolled back whatever it finds: the context names no one.
        self.import_pass(&SaveCtx::import(), bundle, None, Vec::new(), false)
    }

    fn import_pass(
        &mut self,
        ctx: &SaveCtx,
        bundle: &Bundle,
        mut staged: Option<&mut Staged>,
        refusals: Vec<BundleProblem>,
        keep: bool,
    ) -> Result<ImportReport, BundleError> {
        // Problems seen without the database first; the transactional pass below still runs
        // (and is rolled back) so that references are reported in the same go.
        let mut problems = bundle.check();
        let mut report = ImportReport::default();
        // Set when the pass found nothing wrong but must not be kept (a check, or refused).
        let mut rolled_back_clean = false;
        let outcome = self.write(ctx, |tx, now| {
            let mut run = || -> Result<(), BundleError> {
                let r = store::save_site_tx(tx, &bundle.site, now);
                collect(&mut report, &mut problems, "site".into(), r)?;
                // Images first: the tools and pages below refer to them.
                let media = staged.as_deref();
                save_media_tx(tx, bundle, media, now, &mut problems, &mut |o| {
                    report.count(o)
                })?;
                for (i, x) in bundle.reviewers.iter().enumerate() {
                    let r = store::save_reviewer_tx(tx, x, now);
                    collect(&mut report, &mut problems, format!("reviewers[{i}]"), r)?;
                }
                for (i, x) in bundle.tools.iter().enumerate() {
                    // A JSON bundle carries image hashes, not files: they must be on this desk.
                    let unknown = crate::media::unknown_tool_images(tx, x)?;
                    let r = if unknown.is_empty() {
                        store::save_tool_tx(tx, x, now)
                    } else {
                        Err(StoreError::Invalid(unknown))
                    };
                    collect(&mut report, &mut problems, format!("tools[{i}]"), r)?;
                }
                for (i, x) in bundle.verdicts.iter().enumerate() {
                    let r = store::save_verdict_tx(tx, x, now);
                    collect(&mut report, &mut problems, format!("verdicts[{i}]"), r)?;
                }
                for (i, x) in bundle.comparisons.iter().enumerate() {
                    let r = store::save_comparison_tx(tx, x, now);
                    collect(&mut report, &mut problems, format!("comparisons[{i}]"), r)?;
                }
                for (i, x) in bundle.community_votes.iter().enumerate() {
                    let r = store::save_votes_tx(tx, x);
                    collect(
                        &mut report,
                        &mut problems,
                        format!("community_votes[{i}]"),
                        r,
                    )?;
                }
                Ok(())
            };
            // Any error returned here rolls the whole transaction back.
            match run() {
                Ok(()) if problems.is_empty() && !refusals.is_empty() => {
                    problems.extend(refusals);
                    Err(StoreError::Invalid(Vec::new()))
                }
                Ok(()) if problems.is_empty() && !keep => {
                    rolled_back_clean = true;
                    Err(StoreError::Invalid(Vec::new()))
                }
                Ok(()) if problems.is_empty() => match staged.as_deref_mut() {
                    // The last step before the commit: the images' folders go into place.
                    Some(s) => s.place(),
                    None => Ok(()),
                },
                Ok(()) => Err(StoreError::Invalid(Vec::new())),
                Err(BundleError::Store(e)) => Err(e),
                Err(BundleError::Rejected(more)) => {
                    problems.extend(more);
                    Err(StoreError::Invalid(Vec::new()))
                }
            }
        });
        if outcome.is_err() {
            // Placed, then the commit failed: the folders have no rows.
            if let Some(s) = staged {
                s.unplace();
            }
        }
        match outcome {
            Ok(()) => Ok(report),
            Err(StoreError::Invalid(v)) if v.is_empty() && rolled_back_clean => Ok(report),
            Err(StoreError::Invalid(v)) if v.is_empty() => {
                let mut seen = std::collections::HashSet::new();
                problems.retain(|p| seen.insert(p.to_string()));
                Err(BundleError::Rejected(problems))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// All content, in the canonical order that makes export → import → export byte-identical.
    pub fn export_bundle(&self) -> Result<Bundle, StoreError> {
        Ok(Bundle {
            format: BUNDLE_FORMAT.to_string(),
            version: BUNDLE_VERSION,
            site: self.site()?,
            reviewers: self.reviewers()?,
            tools: self.tools()?,
            verdicts: self.verdicts()?,
            comparisons: self.comparisons()?,
            community_votes: self.votes()?,
            media: referenced(self)?,
        })
    }
}
