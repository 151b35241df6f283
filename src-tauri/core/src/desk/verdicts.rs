//! Reviewers and their verdicts at the desk: persona entries, a reviewer writing their own
//! verdicts, and the coverage matrix (persona × tool) that shows what is still missing.

use serde::{Deserialize, Serialize};

use super::{actor, not_yet, require, taken, Desk, DeskError};
use crate::model::{Call, Reviewer, Verdict, VerdictStatus};
use crate::store::StoreError;
use crate::workflow::{Role, WorkflowError};

/// What a reviewer's verdict form sends: the call and the quote. Status and timestamps are
/// the core's to set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct VerdictDraft {
    pub reviewer: String,
    pub tool: String,
    pub call: Call,
    pub quote: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CoverageReviewer {
    pub slug: String,
    pub name: String,
    pub persona: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CoverageTool {
    pub slug: String,
    pub name: String,
}

/// One reviewer × tool square of the matrix.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CoverageCell {
    pub call: Option<Call>,
    pub status: Option<VerdictStatus>,
    /// A comparison shows this tool with this reviewer on its panel.
    pub needed: bool,
    /// Needed, and no verdict has been written yet.
    pub missing: bool,
    /// Titles of the comparisons that need this verdict.
    pub needed_by: Vec<String>,
}

/// The coverage matrix: `cells[r][t]` is reviewer `reviewers[r]` on tool `tools[t]`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Coverage {
    pub reviewers: Vec<CoverageReviewer>,
    pub tools: Vec<CoverageTool>,
    pub cells: Vec<Vec<CoverageCell>>,
    pub missing: usize,
}

impl Desk {
    pub fn reviewer(&self, slug: &str) -> Result<Reviewer, DeskError> {
        Ok(self
            .store()
            .reviewer(slug)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "reviewer",
                key: slug.to_string(),
            })?)
    }

    /// Saves a change to an existing reviewer (persona, rubric) as `profile`, an editor.
    pub fn save_reviewer(&self, profile: &str, reviewer: &Reviewer) -> Result<Reviewer, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "edit reviewers")?;
        if store.reviewer(&reviewer.slug)?.is_none() {
            return Err(not_yet("reviewer", &reviewer.slug));
        }
        store.save_reviewer(actor.ctx(), reviewer)?;
        Ok(reviewer.clone())
    }

    /// Adds a new reviewer as `profile`, an editor; a slug already in use is refused.
    pub fn create_reviewer(
        &self,
        profile: &str,
        reviewer: &Reviewer,
    ) -> Result<Reviewer, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "add reviewers")?;
        if store.reviewer(&reviewer.slug)?.is_some() {
            return Err(taken("reviewer", &reviewer.slug));
        }
        store.save_reviewer(actor.ctx(), reviewer)?;
        Ok(reviewer.clone())
    }

    /// The verdict of `reviewer` on `tool`, if one was written.
    pub fn verdict(&self, reviewer: &str, tool: &str) -> Result<Option<Verdict>, DeskError> {
        Ok(self
            .store()
            .verdicts_for_tool(tool)?
            .into_iter()
            .find(|v| v.reviewer == reviewer))
    }

    /// Writes a reviewer's verdict as `profile`, who must be that reviewer. A new verdict
    /// starts as a draft; a returned one keeps the editor's comment until it is resubmitted.
    /// A submitted or accepted verdict is locked: an editor returns it first.
    pub fn save_verdict(&self, profile: &str, draft: &VerdictDraft) -> Result<Verdict, DeskError> {
        let mut store = self.store();
        let actor = actor(&store, profile)?;
        if !(actor.has(Role::Reviewer) && actor.reviewer.as_deref() == Some(&draft.reviewer)) {
            return Err(WorkflowError::NotAllowed {
                who: crate::workflow::who(&actor),
                what: "write this verdict",
                why: format!("only its reviewer, {}, writes it", draft.reviewer),
            }
            .into());
        }
        let now = chrono::Utc::now();
        let existing = store
            .verdicts_for_tool(&draft.tool)?
            .into_iter()
            .find(|v| v.reviewer == draft.reviewer);
        let verdict = match existing {
            Some(v) if matches!(v.status, VerdictStatus::Submitted | VerdictStatus::Accepted) => {
                return Err(WorkflowError::WrongState {
                    what: "edit",
                    state: format!("a verdict that is {}", v.status.as_str()),
                    hint: "an editor returns it to you first",
                }
                .into());
            }
            Some(v) => Verdict {
                call: draft.call,
                quote: draft.quote.clone(),
                updated_at: now.max(v.created_at),
                ..v
            },
            None => Verdict {
                reviewer: draft.reviewer.clone(),
                tool: draft.tool.clone(),
                call: draft.call,
                quote: draft.quote.clone(),
                status: VerdictStatus::Draft,
                return_comment: None,
                created_at: now,
                updated_at: now,
            },
        };
        store.save_verdict(actor.ctx(), &verdict)?;
        Ok(verdict)
    }

    /// Every reviewer against every tool, marking the verdicts a comparison needs.
    pub fn coverage(&self) -> Result<Coverage, DeskError> {
        let store = self.store();
        let reviewers = store.reviewers()?;
        let tools = store.tools()?;
        let verdicts = store.verdicts()?;
        let comparisons = store.comparisons()?;
        drop(store);
        let mut missing = 0;
        let cells = reviewers
            .iter()
            .map(|r| {
                tools
                    .iter()
                    .map(|t| {
                        let verdict = verdicts
                            .iter()
                            .find(|v| v.reviewer == r.slug && v.tool == t.slug);
                        let needed_by: Vec<String> = comparisons
                            .iter()
                            .filter(|c| c.panel.contains(&r.slug) && c.tools.contains(&t.slug))
                            .map(|c| c.title.clone())
                            .collect();
                        let needed = !needed_by.is_empty();
                        let is_missing = needed && verdict.is_none();
                        missing += usize::from(is_missing);
                        CoverageCell {
                            call: verdict.map(|v| v.call),
                            status: verdict.map(|v| v.status),
                            needed,
                            missing: is_missing,
                            needed_by,
                        }
                    })
                    .collect()
            })
            .collect();
        Ok(Coverage {
            reviewers: reviewers
                .into_iter()
                .map(|r| CoverageReviewer {
                    slug: r.slug,
                    name: r.name,
                    persona: r.persona,
                })
                .collect(),
            tools: tools
                .into_iter()
                .map(|t| CoverageTool {
                    slug: t.slug,
                    name: t.name,
                })
                .collect(),
            cells,
            missing,
        })
    }
}
