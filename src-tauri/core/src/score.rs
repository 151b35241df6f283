//! Scores computed from verdicts and votes: panel ship share and community share.

use serde::Serialize;

use crate::model::{Call, CommunityVotes, Verdict, VerdictStatus};

/// Share of the panel's accepted verdicts on a tool that are Ship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PanelShip {
    pub ship: u32,
    pub total: u32,
    /// Whole percent, rounded half up; `None` when no panel verdict is accepted yet.
    pub percent: Option<u32>,
}

/// Whole percent of `part` in `whole`, rounded half up.
pub fn percent(part: u64, whole: u64) -> Option<u32> {
    (whole > 0).then(|| ((part * 200 + whole) / (whole * 2)) as u32)
}

/// Counts the accepted verdicts on `tool` written by reviewers on `panel`.
pub fn panel_ship(panel: &[String], tool: &str, verdicts: &[Verdict]) -> PanelShip {
    panel_ship_of(
        panel,
        tool,
        verdicts
            .iter()
            .map(|v| (v.reviewer.as_str(), v.tool.as_str(), v.call, v.status)),
    )
}

/// [`panel_ship`] from each verdict's reviewer, tool, call and status alone (the lists read
/// those from the verdicts' columns, without their quotes).
pub fn panel_ship_of<'a>(
    panel: &[String],
    tool: &str,
    verdicts: impl IntoIterator<Item = (&'a str, &'a str, Call, VerdictStatus)>,
) -> PanelShip {
    let (mut ship, mut total) = (0u32, 0u32);
    for (reviewer, of, call, status) in verdicts {
        if of == tool && status == VerdictStatus::Accepted && panel.iter().any(|r| r == reviewer) {
            total += 1;
            if call == Call::Ship {
                ship += 1;
            }
        }
    }
    PanelShip {
        ship,
        total,
        percent: percent(u64::from(ship), u64::from(total)),
    }
}

/// The tool's share of all readers' votes on the comparison; `None` when nobody voted.
pub fn community_share(votes: &[CommunityVotes], comparison: &str, tool: &str) -> Option<u32> {
    let on_page = votes.iter().filter(|v| v.comparison == comparison);
    let total: u64 = on_page.clone().map(|v| v.votes).sum();
    let mine: u64 = on_page.filter(|v| v.tool == tool).map(|v| v.votes).sum();
    percent(mine, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn verdict(reviewer: &str, tool: &str, call: Call, status: VerdictStatus) -> Verdict {
        Verdict {
            reviewer: reviewer.into(),
            tool: tool.into(),
            call,
            quote: "q".into(),
            status,
            return_comment: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn counts_only_accepted_panel_verdicts() {
        let panel: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let vs = vec![
            verdict("a", "t", Call::Ship, VerdictStatus::Accepted),
            verdict("b", "t", Call::Skip, VerdictStatus::Accepted),
            verdict("c", "t", Call::Ship, VerdictStatus::Accepted),
            verdict("d", "t", Call::Skip, VerdictStatus::Accepted),
            verdict("e", "t", Call::Ship, VerdictStatus::Accepted), // not on the panel
            verdict("a", "u", Call::Skip, VerdictStatus::Accepted), // other tool
        ];
        let p = panel_ship(&panel, "t", &vs);
        assert_eq!((p.ship, p.total, p.percent), (2, 4, Some(50)));
        let mut vs2 = vs.clone();
        vs2[3].status = VerdictStatus::Submitted;
        let p = panel_ship(&panel, "t", &vs2);
        assert_eq!((p.ship, p.total, p.percent), (2, 3, Some(67)));
        assert_eq!(panel_ship(&panel, "none", &vs).percent, None);
    }

    #[test]
    fn rounding() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 8), Some(13)); // 12.5 rounds half up
        assert_eq!(percent(0, 0), None);
    }
}
