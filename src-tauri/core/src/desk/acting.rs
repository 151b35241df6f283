//! Who acts on the desk: the profile a save is made as, checked for its roles, and on a team
//! desk only the member signed in.

use super::DeskError;
use crate::store::{SaveCtx, Store, StoreError};
use crate::workflow::{Profile, Role};

/// The profile acting: the saves it makes carry its [`SaveCtx`].
pub(crate) struct Actor {
    profile: Profile,
    ctx: SaveCtx,
}

impl Actor {
    /// The context of a save this profile types here.
    pub(crate) fn ctx(&self) -> &SaveCtx {
        &self.ctx
    }
}

impl std::ops::Deref for Actor {
    type Target = Profile;
    fn deref(&self) -> &Profile {
        &self.profile
    }
}

/// The profile acting, or a clear "no profile" error. On a team desk only the member signed
/// in acts here (the server checks their roles again).
pub(crate) fn actor(store: &Store, slug: &str) -> Result<Actor, DeskError> {
    if let Some(member) = signed_in_other_than(store, slug)? {
        return Err(crate::workflow::WorkflowError::NotAllowed {
            who: format!("\"{slug}\""),
            what: "act on this team desk",
            why: format!("it is signed in to the team as \"{member}\""),
        }
        .into());
    }
    let profile = store.profile(slug)?.ok_or_else(|| StoreError::NotFound {
        kind: "profile",
        key: slug.to_string(),
    })?;
    Ok(Actor {
        ctx: SaveCtx::local(&profile.slug),
        profile,
    })
}

/// On a team desk signed in as someone other than `slug`, that member: only they act here.
pub(super) fn signed_in_other_than(store: &Store, slug: &str) -> Result<Option<String>, DeskError> {
    Ok(crate::team::local::link(store.conn())?
        .map(|link| link.user)
        .filter(|member| member != slug))
}

/// The profile acting, refused unless it has `role` for `what` (e.g. "edit tools").
pub(crate) fn require(
    store: &Store,
    slug: &str,
    role: Role,
    what: &'static str,
) -> Result<Actor, DeskError> {
    let profile = actor(store, slug)?;
    if profile.has(role) {
        Ok(profile)
    } else {
        Err(crate::workflow::WorkflowError::NotAllowed {
            who: crate::workflow::who(&profile),
            what,
            why: format!("that needs the {role} role"),
        }
        .into())
    }
}
