//! Who may do what: profiles with roles, and the workflow of comparisons and verdicts.
//! Every rule is enforced here, so the UI and the CLI cannot get around it.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Comparison, ComparisonStatus, Verdict, VerdictStatus};
use crate::validate::{slug_problem, FieldError, Validate, MAX_NAME};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Editor,
    Reviewer,
    Publisher,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Publisher => "publisher",
        })
    }
}

/// A person working at this desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub slug: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// The reviewer this person writes verdicts as, when they review.
    #[serde(default)]
    pub reviewer: Option<String>,
}

impl Profile {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

impl Validate for Profile {
    fn validate(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if let Some(p) = slug_problem(&self.slug) {
            problems.push(FieldError::new("slug", p));
        }
        if self.name.trim().is_empty() {
            problems.push(FieldError::new("name", "must not be empty"));
        } else if self.name.chars().count() > MAX_NAME {
            problems.push(FieldError::new(
                "name",
                format!("must be at most {MAX_NAME} characters"),
            ));
        }
        if self.roles.is_empty() {
            problems.push(FieldError::new(
                "roles",
                "give the profile at least one role",
            ));
        }
        if self.has(Role::Reviewer) && self.reviewer.is_none() {
            problems.push(FieldError::new(
                "reviewer",
                "a reviewer profile needs the reviewer it writes as",
            ));
        }
        if let Some(r) = &self.reviewer {
            if let Some(p) = slug_problem(r) {
                problems.push(FieldError::new("reviewer", p));
            }
        }
        problems
    }
}

/// A step in a comparison's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum PageAction {
    SubmitForReview,
    ReturnToDraft,
    Approve,
    Schedule {
        #[ts(type = "string")]
        at: DateTime<Utc>,
    },
    Publish,
    Unpublish,
}

impl PageAction {
    fn verb(self) -> &'static str {
        match self {
            PageAction::SubmitForReview => "submit pages for review",
            PageAction::ReturnToDraft => "return pages to draft",
            PageAction::Approve => "approve pages",
            PageAction::Schedule { .. } => "schedule pages",
            PageAction::Publish => "publish pages",
            PageAction::Unpublish => "unpublish pages",
        }
    }

    /// The role the action needs.
    pub fn role(self) -> Role {
        match self {
            PageAction::SubmitForReview | PageAction::ReturnToDraft => Role::Editor,
            _ => Role::Publisher,
        }
    }
}

/// A step in a verdict's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum VerdictAction {
    Submit,
    Accept,
    Return { comment: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The person lacks the role (or is not the verdict's author).
    #[error("{who} may not {what}: {why}")]
    NotAllowed {
        who: String,
        what: &'static str,
        why: String,
    },
    /// The action does not apply in the current state.
    #[error("cannot {what} {state}: {hint}")]
    WrongState {
        what: &'static str,
        state: String,
        hint: &'static str,
    },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

fn status_name(s: ComparisonStatus) -> &'static str {
    match s {
        ComparisonStatus::Draft => "a draft",
        ComparisonStatus::InReview => "a page in review",
        ComparisonStatus::Approved => "an approved page",
        ComparisonStatus::Scheduled => "a scheduled page",
        ComparisonStatus::Published => "a published page",
    }
}

pub(crate) fn who(profile: &Profile) -> String {
    let roles: Vec<String> = profile.roles.iter().map(ToString::to_string).collect();
    format!("{} ({})", profile.name, roles.join(", "))
}

/// Applies `action` to `page` as `profile`, at time `now`; refuses without changing anything.
pub fn apply_page_action(
    profile: &Profile,
    page: &mut Comparison,
    action: PageAction,
    now: DateTime<Utc>,
) -> Result<(), WorkflowError> {
    if !profile.has(action.role()) {
        return Err(WorkflowError::NotAllowed {
            who: who(profile),
            what: action.verb(),
            why: format!("that needs the {} role", action.role()),
        });
    }
    use ComparisonStatus as S;
    let wrong = |hint| WorkflowError::WrongState {
        what: match action {
            PageAction::SubmitForReview => "submit for review",
            PageAction::ReturnToDraft => "return to draft",
            PageAction::Approve => "approve",
            PageAction::Schedule { .. } => "schedule",
            PageAction::Publish => "publish",
            PageAction::Unpublish => "unpublish",
        },
        state: status_name(page.status).to_string(),
        hint,
    };
    let next = match (action, page.status) {
        (PageAction::SubmitForReview, S::Draft) => S::InReview,
        (PageAction::SubmitForReview, _) => return Err(wrong("only drafts go to review")),
        (PageAction::ReturnToDraft, S::InReview | S::Approved | S::Scheduled) => S::Draft,
        (PageAction::ReturnToDraft, _) => {
            return Err(wrong("unpublish it first, or it is already a draft"))
        }
        (PageAction::Approve, S::InReview) => S::Approved,
        (PageAction::Approve, _) => return Err(wrong("a page is approved from review")),
        (PageAction::Schedule { at }, S::Approved | S::Scheduled) => {
            if at <= now {
                return Err(WorkflowError::Invalid {
                    field: "scheduled_for",
                    message: "the publish time must be in the future".into(),
                });
            }
            page.scheduled_for = Some(at);
            S::Scheduled
        }
        (PageAction::Schedule { .. }, _) => return Err(wrong("approve the page first")),
        (PageAction::Publish, S::Approved | S::Scheduled) => {
            page.published_at = Some(now);
            page.scheduled_for = None;
            S::Published
        }
        (PageAction::Publish, S::Published) => return Err(wrong("it is already published")),
        (PageAction::Publish, _) => return Err(wrong("approve the page first")),
        (PageAction::Unpublish, S::Published) => S::Approved,
        (PageAction::Unpublish, _) => {
            return Err(wrong("only a published page can be unpublished"))
        }
    };
    if next != S::Scheduled {
        page.scheduled_for = None;
    }
    page.status = next;
    Ok(())
}

/// Applies `action` to `verdict` as `profile`; refuses without changing anything.
pub fn apply_verdict_action(
    profile: &Profile,
    verdict: &mut Verdict,
    action: &VerdictAction,
    now: DateTime<Utc>,
) -> Result<(), WorkflowError> {
    use VerdictStatus as S;
    match action {
        VerdictAction::Submit => {
            let own = profile.has(Role::Reviewer)
                && profile.reviewer.as_deref() == Some(verdict.reviewer.as_str());
            if !own {
                return Err(WorkflowError::NotAllowed {
                    who: who(profile),
                    what: "submit this verdict",
                    why: format!("only its reviewer, {}, submits it", verdict.reviewer),
                });
            }
            if !matches!(verdict.status, S::Draft | S::Returned) {
                return Err(WorkflowError::WrongState {
                    what: "submit",
                    state: format!("a verdict that is {}", verdict.status.as_str()),
                    hint: "it was already submitted",
                });
            }
            if verdict.quote.trim().is_empty() {
                return Err(WorkflowError::Invalid {
                    field: "quote",
                    message: "write the quote before submitting".into(),
                });
            }
            verdict.status = S::Submitted;
            verdict.return_comment = None;
        }
        VerdictAction::Accept | VerdictAction::Return { .. } => {
            let what = if matches!(action, VerdictAction::Accept) {
                "accept verdicts"
            } else {
                "return verdicts"
            };
            if !profile.has(Role::Editor) {
                return Err(WorkflowError::NotAllowed {
                    who: who(profile),
                    what,
                    why: "that needs the editor role".into(),
                });
            }
            let applies = match action {
                VerdictAction::Accept => verdict.status == S::Submitted,
                // An accepted verdict can be reopened: its reviewer may need to revise it.
                _ => matches!(verdict.status, S::Submitted | S::Accepted),
            };
            if !applies {
                return Err(WorkflowError::WrongState {
                    what: if matches!(action, VerdictAction::Accept) {
                        "accept"
                    } else {
                        "return"
                    },
                    state: format!("a verdict that is {}", verdict.status.as_str()),
                    hint: "only submitted verdicts are accepted, and submitted or accepted ones returned",
                });
            }
            if let VerdictAction::Return { comment } = action {
                if comment.trim().is_empty() {
                    return Err(WorkflowError::Invalid {
                        field: "return_comment",
                        message: "say why the verdict goes back".into(),
                    });
                }
                verdict.status = S::Returned;
                verdict.return_comment = Some(comment.clone());
            } else {
                verdict.status = S::Accepted;
            }
        }
    }
    verdict.updated_at = now.max(verdict.created_at);
    Ok(())
}
