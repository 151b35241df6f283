//! "What may I do with this page?": the workflow steps of a saved page as the profile
//! working stands, from the rules the steps themselves obey (`workflow`).

use super::{signed_in_other_than, Desk, DeskError};
use crate::store::StoreError;
use crate::workflow::{page_actions, ActionAvailability, ActionBlock};

impl Desk {
    /// Every workflow step of the comparison `slug` for `profile`: whether it applies to the
    /// page's state, whether the profile may take it, and if not, why not. An unknown or
    /// empty profile is an answer ("nobody is working"), not an error; an unknown page is.
    pub fn allowed_actions(
        &self,
        profile: &str,
        slug: &str,
    ) -> Result<Vec<ActionAvailability>, DeskError> {
        let store = self.store();
        let page = store
            .comparison(slug)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "comparison",
                key: slug.to_string(),
            })?;
        let who = match signed_in_other_than(&store, profile)? {
            Some(member) => Err(ActionBlock::NotSignedIn { member }),
            None => store.profile(profile)?.ok_or(ActionBlock::NoProfile),
        };
        Ok(page_actions(
            who.as_ref().map_err(Clone::clone),
            page.status,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::local::{save_link, TeamLink};
    use crate::workflow::{Profile, Role};

    #[test]
    fn on_a_team_desk_only_the_member_signed_in_may_act() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
        let slug = desk.overview().unwrap().comparisons[0].slug.clone();
        {
            let mut store = desk.store();
            for (who, role) in [("ines", Role::Publisher), ("omar", Role::Publisher)] {
                store
                    .save_profile(&Profile {
                        slug: who.into(),
                        name: who.into(),
                        roles: vec![Role::Editor, role],
                        reviewer: None,
                    })
                    .unwrap();
            }
            let link = TeamLink {
                url: "postgres://team.example/desk".into(),
                user: "ines".into(),
                desk_id: "d1".into(),
                cursor: 0,
                roles: vec!["editor".into(), "publisher".into()],
                reviewer: None,
                display_name: "Ines".into(),
                joined_at: "2026-01-01T00:00:00Z".into(),
                synced_at: None,
            };
            save_link(store.conn(), &link).unwrap();
        }
        let other = desk.allowed_actions("omar", &slug).unwrap();
        assert!(other.iter().all(|a| !a.allowed
            && a.reason
                == Some(ActionBlock::NotSignedIn {
                    member: "ines".into()
                })));
        let member = desk.allowed_actions("ines", &slug).unwrap();
        assert!(member.iter().any(|a| a.allowed), "{member:?}");
    }
}
