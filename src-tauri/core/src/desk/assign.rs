//! Assignments: who holds a page and when it is due, and when its verdict requests are due.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{actor, Desk, DeskError};
use crate::model::Comparison;
use crate::store::{Store, StoreError};
use crate::validate::FieldError;
use crate::workflow::{who, Role, WorkflowError};

/// A page's assignment as a person types it: dates as `YYYY-MM-DD` text, checked here so a
/// bad one is refused naming its field. An empty text clears the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The editor who holds the page (a profile's slug; on a team, a member's login).
    #[serde(default)]
    pub assignee: Option<String>,
    /// The day the page is due.
    #[serde(default)]
    pub due: Option<String>,
    /// The day the page's verdicts are due from its panel.
    #[serde(default)]
    pub verdicts_due: Option<String>,
}

/// `text` as a date, or a problem naming `field`; empty or absent is no date.
pub fn parse_due(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            FieldError::new(
                field,
                format!("a date as YYYY-MM-DD is expected (e.g. 2026-12-24), not \"{text}\""),
            )
        })
}

/// Refuses an assignee that is not an editor of this desk; the others pass unchecked (a
/// page keeps an assignee that was an editor when assigned).
pub(crate) fn check_assignee(
    store: &Store,
    page: &Comparison,
    before: Option<&Comparison>,
) -> Result<(), DeskError> {
    let Some(slug) = page.assignee.as_deref() else {
        return Ok(());
    };
    if before.and_then(|b| b.assignee.as_deref()) == Some(slug) {
        return Ok(());
    }
    match store.profile(slug)? {
        Some(p) if p.has(Role::Editor) => Ok(()),
        Some(p) => Err(StoreError::invalid(
            "assignee",
            format!(
                "{} is not an editor: a page is assigned to an editor",
                p.name
            ),
        )
        .into()),
        None => Err(StoreError::invalid(
            "assignee",
            format!("no profile or member \"{slug}\" on this desk"),
        )
        .into()),
    }
}

impl Desk {
    /// Sets who holds the comparison `slug` and when it and its verdicts are due, as
    /// `profile` (an editor or a publisher). Only the fields given change; an empty text
    /// clears one. Saved with a revision, like any edit; on a team desk it syncs.
    pub fn assign(
        &self,
        profile: &str,
        slug: &str,
        assignment: &Assignment,
    ) -> Result<Comparison, DeskError> {
        let mut store = self.store();
        let actor = actor(&store, profile)?;
        if !(actor.has(Role::Editor) || actor.has(Role::Publisher)) {
            return Err(WorkflowError::NotAllowed {
                who: who(&actor),
                what: "assign pages or set due dates",
                why: "that needs the editor or publisher role".into(),
            }
            .into());
        }
        let stored = store
            .comparison(slug)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "comparison",
                key: slug.to_string(),
            })?;
        let mut page = stored.clone();
        let mut problems = Vec::new();
        if let Some(a) = &assignment.assignee {
            let a = a.trim();
            page.assignee = (!a.is_empty()).then(|| a.to_string());
        }
        for (field, text, slot) in [
            ("due", &assignment.due, &mut page.due),
            (
                "verdicts_due",
                &assignment.verdicts_due,
                &mut page.verdicts_due,
            ),
        ] {
            if text.is_some() {
                match parse_due(field, text.as_deref()) {
                    Ok(date) => *slot = date,
                    Err(p) => problems.push(p),
                }
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems).into());
        }
        check_assignee(&store, &page, Some(&stored))?;
        store.save_comparison(actor.ctx(), &page)?;
        Ok(page)
    }
}
