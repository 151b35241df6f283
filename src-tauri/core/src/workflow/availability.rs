//! What the one working may do with a page now, and for each step they may not, why: the
//! answer the UI draws its workflow buttons from, read off the same table the steps obey.

use serde::Serialize;

use super::{PageActionKind, Profile, Role};
use crate::model::ComparisonStatus;

/// Why a step cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ActionBlock {
    /// Nobody is working: no profile chosen, or one this desk does not have.
    NoProfile,
    /// On a team desk only the member signed in works here.
    NotSignedIn { member: String },
    /// The profile lacks the role the step needs.
    MissingRole { role: Role },
    /// The page's state does not allow the step; `hint` says what would.
    WrongState {
        status: ComparisonStatus,
        hint: String,
    },
}

/// One workflow step of a page, as it stands for the one working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ActionAvailability {
    pub action: PageActionKind,
    /// The role the step needs.
    pub role: Role,
    /// The page's state allows the step, whoever works.
    pub applies: bool,
    /// The one working may take the step now.
    pub allowed: bool,
    /// Why not, when not allowed: the first thing the step's refusal would name (who is
    /// working, then the role, then the state).
    pub reason: Option<ActionBlock>,
    /// Of the steps that apply, the one taking the page furthest toward readers.
    pub main: bool,
    /// The step puts the page in front of readers (or clears the way to it): a page with
    /// blocker checks goes there only when the person confirms.
    pub asks_about_blockers: bool,
}

/// How far along its way to readers a page in `status` is.
fn rank(status: ComparisonStatus) -> u8 {
    match status {
        ComparisonStatus::Draft => 0,
        ComparisonStatus::InReview => 1,
        ComparisonStatus::Approved => 2,
        ComparisonStatus::Scheduled => 3,
        ComparisonStatus::Published => 4,
    }
}

/// Every page step for a page in `status`, in the order they are offered, as `who` stands:
/// the profile working, or why nobody is.
pub fn page_actions(
    who: Result<&Profile, ActionBlock>,
    status: ComparisonStatus,
) -> Vec<ActionAvailability> {
    let forward = |kind: PageActionKind| {
        kind.next_status(status)
            .ok()
            .map(rank)
            .filter(|to| *to > rank(status))
    };
    let furthest = PageActionKind::ALL.into_iter().filter_map(forward).max();
    PageActionKind::ALL
        .into_iter()
        .map(|kind| {
            let state = kind.next_status(status);
            let reason = match (&who, state) {
                (Err(nobody), _) => Some(nobody.clone()),
                (Ok(profile), _) if !profile.has(kind.role()) => {
                    Some(ActionBlock::MissingRole { role: kind.role() })
                }
                (Ok(_), Err(hint)) => Some(ActionBlock::WrongState {
                    status,
                    hint: hint.to_string(),
                }),
                (Ok(_), Ok(_)) => None,
            };
            ActionAvailability {
                action: kind,
                role: kind.role(),
                applies: state.is_ok(),
                allowed: reason.is_none(),
                reason,
                main: furthest.is_some() && forward(kind) == furthest,
                asks_about_blockers: kind.asks_about_blockers(),
            }
        })
        .collect()
}
