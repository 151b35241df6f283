//! The kinds of desktop notices the desk raises (`Desk::take_notices`) and the switch of each
//! in Settings → Notifications: what a member can turn off.

use serde::{Deserialize, Serialize};

use crate::validate::FieldError;

/// A kind of desktop notice, as a switch names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    MissedSchedule,
    PublishingFailed,
    VerdictSubmitted,
    VerdictReturned,
    Assigned,
    Mentioned,
    Replied,
    PageApproved,
}

impl NoticeKind {
    /// Every kind, in the order Settings lists them.
    pub const ALL: [NoticeKind; 8] = [
        NoticeKind::VerdictSubmitted,
        NoticeKind::VerdictReturned,
        NoticeKind::Assigned,
        NoticeKind::Mentioned,
        NoticeKind::Replied,
        NoticeKind::PageApproved,
        NoticeKind::PublishingFailed,
        NoticeKind::MissedSchedule,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::MissedSchedule => "missed_schedule",
            NoticeKind::PublishingFailed => "publishing_failed",
            NoticeKind::VerdictSubmitted => "verdict_submitted",
            NoticeKind::VerdictReturned => "verdict_returned",
            NoticeKind::Assigned => "assigned",
            NoticeKind::Mentioned => "mentioned",
            NoticeKind::Replied => "replied",
            NoticeKind::PageApproved => "page_approved",
        }
    }

    /// The kind a switch names; a problem naming the field `kind` for any other text.
    pub fn parse(text: &str) -> Result<NoticeKind, FieldError> {
        NoticeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| {
                let known: Vec<&str> = NoticeKind::ALL.iter().map(|k| k.as_str()).collect();
                FieldError::new(
                    "kind",
                    format!(
                        "\"{text}\" is not a kind of notification; one of {} is expected",
                        known.join(", ")
                    ),
                )
            })
    }

    /// What the switch says.
    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::VerdictSubmitted => "A verdict is submitted (editors)",
            NoticeKind::VerdictReturned => "My verdict is returned (reviewers)",
            NoticeKind::Assigned => "A page is assigned to me",
            NoticeKind::Mentioned => "Someone mentions me in a comment",
            NoticeKind::Replied => "Someone replies in a thread I wrote in",
            NoticeKind::PageApproved => "A page is approved (publishers)",
            NoticeKind::PublishingFailed => "Publishing a page failed (publishers)",
            NoticeKind::MissedSchedule => "A scheduled page missed its time (publishers)",
        }
    }

    /// Raised only on a team desk: the doings of other members.
    pub fn team_only(self) -> bool {
        !matches!(
            self,
            NoticeKind::MissedSchedule | NoticeKind::PublishingFailed
        )
    }
}

/// One switch of Settings → Notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct NoticeSwitch {
    pub kind: NoticeKind,
    pub label: String,
    pub on: bool,
    /// Raised only on a team desk (on a desk alone My work shows the same).
    pub team_only: bool,
}
