//! The team journeys' shared fixture: a private PostgreSQL cluster with the team's members,
//! members' desks joined to it outside the app (a member's other computer), and their apps
//! launched side by side, each with its member's password in VERDICT_TEAM_PASSWORD (no
//! keyring runs under the harness). Everything that blocks on a runtime runs in a thread of
//! its own: the journeys run inside tokio.

use std::path::Path;

use super::harness::{until, Desk, WAIT};
use super::team_support::{self, password};
use verdict_testkit::postgres::PgCluster;

/// Starts the cluster and the team with `members`.
pub(super) fn start_team(members: &'static [team_support::MemberSpec<'static>]) -> PgCluster {
    std::thread::spawn(move || {
        let rt = team_support::runtime();
        team_support::start_team(&rt, members)
    })
    .join()
    .expect("the team starts")
}

/// Runs `f` on the desk in `data`, outside the app.
pub(super) fn on_desk(
    data: &Path,
    f: impl FnOnce(&verdict_core::Desk, &tokio::runtime::Runtime) + Send,
) {
    std::thread::scope(|s| {
        s.spawn(|| {
            let desk = verdict_core::Desk::open(data).expect("the desk opens");
            f(&desk, &team_support::runtime());
        })
        .join()
        .expect("the desk's thread");
    });
}

/// Joins the desk in `data` to the team at `url` as `login` (seeding an empty team with the
/// desk's content when `seed`).
pub(super) fn join(data: &Path, url: &str, login: &str, seed: bool) {
    on_desk(data, |desk, rt| {
        let secrets = verdict_core::secrets::MemorySecrets::new();
        rt.block_on(desk.team_join(url, login, &password(login), seed, &secrets))
            .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
    });
}

/// Launches the app of `login`'s desk, prepared by `prepare` (beside `first`'s, when given).
pub(super) async fn launch_member(
    first: Option<&Desk>,
    name: &str,
    login: &str,
    prepare: impl FnOnce(&Path),
) -> Desk {
    let pw = password(login);
    let env = [("VERDICT_TEAM_PASSWORD", pw.as_str())];
    match first {
        None => Desk::launch_prepared(name, &env, prepare).await,
        Some(first) => Desk::launch_beside(first, name, &env, prepare).await,
    }
}

/// Waits until the status bar says the desk is in step with the team.
pub(super) async fn synced(desk: &Desk) {
    let bar = &desk.testid("sync-status").await;
    until("the desk to be synced", WAIT, move || async move {
        match bar.attr("data-state").await.map_err(|e| e.to_string())? {
            Some(s) if s == "synced" => Ok(()),
            other => Err(format!("its state is {other:?}")),
        }
    })
    .await;
}
