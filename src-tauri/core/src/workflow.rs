//! Who may do what: profiles with roles, and the workflow of comparisons and verdicts.
//! Every rule is enforced here, so the UI and the CLI cannot get around it.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Comparison, ComparisonStatus, Verdict, VerdictStatus};
use crate::validate::{slug_problem, FieldError, Validate, MAX_NAME};

mod availability;
pub use availability::{page_actions, ActionAvailability, ActionBlock};

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

/// A step in a comparison's life without its arguments: what the UI asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PageActionKind {
    SubmitForReview,
    ReturnToDraft,
    Approve,
    Schedule,
    Publish,
    Unpublish,
}

impl PageActionKind {
    /// Every step, in the order a page's steps are offered: the one moving it on first.
    pub const ALL: [PageActionKind; 6] = [
        PageActionKind::SubmitForReview,
        PageActionKind::Approve,
        PageActionKind::Publish,
        PageActionKind::Schedule,
        PageActionKind::ReturnToDraft,
        PageActionKind::Unpublish,
    ];

    fn verb(self) -> &'static str {
        match self {
            PageActionKind::SubmitForReview => "submit pages for review",
            PageActionKind::ReturnToDraft => "return pages to draft",
            PageActionKind::Approve => "approve pages",
            PageActionKind::Schedule => "schedule pages",
            PageActionKind::Publish => "publish pages",
            PageActionKind::Unpublish => "unpublish pages",
        }
    }

    /// The role the step needs.
    pub fn role(self) -> Role {
        match self {
            PageActionKind::SubmitForReview | PageActionKind::ReturnToDraft => Role::Editor,
            _ => Role::Publisher,
        }
    }

    /// The step puts the page in front of readers, or clears the way to it: a page with
    /// blocker checks is taken there only when the person confirms.
    pub fn asks_about_blockers(self) -> bool {
        matches!(
            self,
            PageActionKind::Approve | PageActionKind::Schedule | PageActionKind::Publish
        )
    }

    fn name(self) -> &'static str {
        match self {
            PageActionKind::SubmitForReview => "submit for review",
            PageActionKind::ReturnToDraft => "return to draft",
            PageActionKind::Approve => "approve",
            PageActionKind::Schedule => "schedule",
            PageActionKind::Publish => "publish",
            PageActionKind::Unpublish => "unpublish",
        }
    }

    /// The state the step takes a page in `status` to, or why it does not apply there.
    /// The one table of the page workflow: the steps and the answer to "what may I do
    /// here" both read it.
    pub fn next_status(self, status: ComparisonStatus) -> Result<ComparisonStatus, &'static str> {
        use ComparisonStatus as S;
        use PageActionKind as A;
        match (self, status) {
            (A::SubmitForReview, S::Draft) => Ok(S::InReview),
            (A::SubmitForReview, _) => Err("only drafts go to review"),
            (A::ReturnToDraft, S::InReview | S::Approved | S::Scheduled) => Ok(S::Draft),
            (A::ReturnToDraft, _) => Err("unpublish it first, or it is already a draft"),
            (A::Approve, S::InReview) => Ok(S::Approved),
            (A::Approve, _) => Err("a page is approved from review"),
            (A::Schedule, S::Approved | S::Scheduled) => Ok(S::Scheduled),
            (A::Schedule, _) => Err("approve the page first"),
            (A::Publish, S::Approved | S::Scheduled) => Ok(S::Published),
            (A::Publish, S::Published) => Err("it is already published"),
            (A::Publish, _) => Err("approve the page first"),
            (A::Unpublish, S::Published) => Ok(S::Approved),
            (A::Unpublish, _) => Err("only a published page can be unpublished"),
        }
    }
}

impl PageAction {
    /// The step without its arguments.
    pub fn kind(self) -> PageActionKind {
        match self {
            PageAction::SubmitForReview => PageActionKind::SubmitForReview,
            PageAction::ReturnToDraft => PageActionKind::ReturnToDraft,
            PageAction::Approve => PageActionKind::Approve,
            PageAction::Schedule { .. } => PageActionKind::Schedule,
            PageAction::Publish => PageActionKind::Publish,
            PageAction::Unpublish => PageActionKind::Unpublish,
        }
    }

    /// The role the action needs.
    pub fn role(self) -> Role {
        self.kind().role()
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
    let kind = action.kind();
    if !profile.has(kind.role()) {
        return Err(WorkflowError::NotAllowed {
            who: who(profile),
            what: kind.verb(),
            why: format!("that needs the {} role", kind.role()),
        });
    }
    let next = kind
        .next_status(page.status)
        .map_err(|hint| WorkflowError::WrongState {
            what: kind.name(),
            state: status_name(page.status).to_string(),
            hint,
        })?;
    match action {
        PageAction::Schedule { at } => {
            if at <= now {
                return Err(WorkflowError::Invalid {
                    field: "scheduled_for",
                    message: "the publish time must be in the future".into(),
                });
            }
            page.scheduled_for = Some(at);
        }
        PageAction::Publish => page.published_at = Some(now),
        _ => {}
    }
    if next != ComparisonStatus::Scheduled {
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
