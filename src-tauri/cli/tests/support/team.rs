//! Test support for the team commands, beside `mod support`: `verdict` with no keyring and
//! no team password, a team on a private PostgreSQL cluster with its members (each one's
//! password is their login followed by "-pw"), members' desks joining and syncing it, and
//! finding where a secret was written.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use verdict_core::secrets::SecretStore;
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

/// `verdict` on `dir`, with no keyring reachable and no team password in the environment.
pub fn verdict(dir: &Path) -> Command {
    let mut cmd = super::support::verdict(dir);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", super::support::NO_BUS)
        .env_remove("VERDICT_TEAM_PASSWORD");
    cmd
}

/// `verdict team join URL --user LOGIN` on `dir`, the password given in a variable.
pub fn join(dir: &Path, url: &str, login: &str, password: &str) -> Command {
    let mut cmd = verdict(dir);
    cmd.args([
        "team",
        "join",
        url,
        "--user",
        login,
        "--password-env",
        "JOIN_PW",
    ])
    .env("JOIN_PW", password);
    cmd
}

/// `cmd` as the team's admin: the cluster's superuser at `admin_url`, the password given in
/// a variable.
pub fn as_admin<'a>(cmd: &'a mut Command, admin_url: &str) -> &'a mut Command {
    cmd.args([
        "--admin-url",
        admin_url,
        "--admin-password-env",
        "PG_ADMIN_PW",
    ])
    .env("PG_ADMIN_PW", SUPERUSER_PASSWORD)
}

/// Every file under `dir` that holds `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

/// A running team: its cluster (stopped when dropped), a runtime for the core's calls, and
/// the address members join (no user, no password).
pub struct Team {
    pub pg: PgCluster,
    pub rt: tokio::runtime::Runtime,
    pub url: String,
}

/// Starts a cluster with a database "team", initialises the team and adds `members`:
/// (login, role, the reviewer a reviewer member writes as).
pub fn start_team(members: &[(&str, &str, Option<&str>)]) -> Team {
    let pg = PgCluster::start();
    pg.create_database("team");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut admin = verdict_core::team::Server::connect(
            &pg.url(SUPERUSER, "team"),
            None,
            SUPERUSER_PASSWORD,
        )
        .await
        .unwrap();
        admin.init().await.unwrap();
        for (login, role, reviewer) in members {
            admin
                .add_member(
                    login,
                    login,
                    &[role.to_string()],
                    *reviewer,
                    &format!("{login}-pw"),
                )
                .await
                .unwrap();
        }
    });
    let url = format!("postgres://127.0.0.1:{}/team", pg.port());
    Team { pg, rt, url }
}

impl Team {
    /// The desk in `dir`, joined through the core as `login` with its password; `seed` puts
    /// the sample in it first and seeds the team with it.
    pub fn join_desk(
        &self,
        dir: &Path,
        login: &str,
        seed: bool,
        secrets: &dyn SecretStore,
    ) -> Desk {
        let desk = Desk::open(dir).unwrap();
        if seed {
            desk.seed_sample_if_empty().unwrap();
        }
        self.rt
            .block_on(desk.team_join(&self.url, login, &format!("{login}-pw"), seed, secrets))
            .unwrap();
        desk
    }

    /// Syncs `desk` with the team through the core.
    pub fn sync(&self, desk: &Desk, secrets: &dyn SecretStore) {
        self.rt.block_on(desk.team_sync(secrets, |_| {})).unwrap();
    }
}
