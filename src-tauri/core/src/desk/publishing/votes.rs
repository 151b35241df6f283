//! Readers' votes pulled from a target (or the site's vote service) and stored as the
//! community snapshot, a page's republication held back while its votes barely moved.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::desk::vote_service::{self, VotesReport};
use crate::desk::{Desk, DeskError};
use crate::model::CommunityVotes;
use crate::publish::{self, PublishError};
use crate::secrets::SecretStore;
use crate::store::{Change, ChangeKind, ChangeOrigin, ChangeWhat};

impl Desk {
    /// Stores votes pulled from `target` as the community snapshot, with source and time.
    pub fn save_votes(
        &self,
        target: &str,
        counts: &[publish::VoteCount],
        at: DateTime<Utc>,
    ) -> Result<VotesReport, DeskError> {
        let mut store = self.store();
        let pages: std::collections::HashMap<String, HashSet<String>> = store
            .comparisons()?
            .into_iter()
            .map(|c| (c.slug, c.tools.into_iter().collect()))
            .collect();
        let mut voted = std::collections::BTreeSet::new();
        let mut report = VotesReport {
            target: target.to_string(),
            saved: 0,
            skipped: 0,
            held_back: None,
        };
        let known = |c: &&publish::VoteCount| {
            pages
                .get(&c.comparison)
                .is_some_and(|tools| tools.contains(&c.tool))
        };
        let points = store.site()?.vote_republish_points.unwrap_or(1);
        let counted: Vec<publish::VoteCount> = counts.iter().filter(known).cloned().collect();
        let held = vote_service::held_back(&store.votes()?, &counted, points);
        report.held_back = (!held.is_empty()).then_some(held.len());
        for count in counts {
            if !known(&count) {
                report.skipped += 1;
                continue;
            }
            if held.contains(&count.comparison) {
                continue;
            }
            store.save_votes(&CommunityVotes {
                comparison: count.comparison.clone(),
                tool: count.tool.clone(),
                votes: count.votes,
                source: target.to_string(),
                fetched_at: at,
            })?;
            report.saved += 1;
            voted.insert(count.comparison.clone());
        }
        // Each page's share of the readers' votes shows in its row.
        store.tell(
            ChangeOrigin::Publishing,
            voted
                .iter()
                .map(|slug| Change::new(ChangeKind::Comparison, slug, ChangeWhat::Saved))
                .collect(),
        );
        Ok(report)
    }
}

/// Pulls readers' votes from a target and stores them.
pub async fn pull_votes(
    desk: &Desk,
    name: &str,
    secrets: &dyn SecretStore,
) -> Result<VotesReport, DeskError> {
    // Readers vote at the site's vote service, whatever the target (docs/votes.md).
    if desk.store().site()?.vote_service.is_some() {
        return vote_service::pull_site_votes(desk, secrets).await;
    }
    let config = desk.target(name)?;
    let client = publish::connect(&config, secrets)?;
    let target_err = |source| PublishError::Target {
        target: name.to_string(),
        source,
    };
    let counts = client.votes().await.map_err(target_err)?.ok_or_else(|| {
        target_err(publish::TargetError::Permanent(format!(
            "a {} target does not collect votes",
            config.kind.as_str()
        )))
    })?;
    desk.save_votes(name, &counts, Utc::now())
}
