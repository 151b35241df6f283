//! The desk's side of the team, used by the CLI and the app alike, a module per concern:
//! joining (`join`), a sync round that pushes what waits and pulls the log (`round`),
//! publishing shared in it (`publishing`), conflicts (`conflicts`), and where this desk
//! stands and leaving (`status`).

use crate::team::wire::Member;
use crate::workflow::{Profile, Role};

mod conflicts;
mod join;
mod publishing;
mod round;
mod status;

pub use conflicts::Resolution;
pub use join::JoinReport;
pub use round::{SyncProgress, SyncReport, TeamEdit};
pub use status::TeamStatus;

/// A member of the team as a profile on this desk, so names show for authors and
/// assignments.
fn member_profile(member: &Member) -> Profile {
    Profile {
        slug: member.login.clone(),
        name: if member.display_name.trim().is_empty() {
            member.login.clone()
        } else {
            member.display_name.clone()
        },
        roles: member
            .roles
            .iter()
            .filter_map(|r| match r.as_str() {
                "editor" => Some(Role::Editor),
                "reviewer" => Some(Role::Reviewer),
                "publisher" => Some(Role::Publisher),
                _ => None,
            })
            .collect(),
        reviewer: member.reviewer.clone(),
    }
}
