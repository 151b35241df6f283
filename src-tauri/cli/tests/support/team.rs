//! Test support for the team commands, beside `mod support`: `verdict` with no keyring and
//! no team password, a team on a private PostgreSQL cluster with its members (each one's
//! password is their login followed by "-pw"), and finding where a secret was written.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

/// `verdict` on `dir`, with no keyring reachable and no team password in the environment.
pub fn verdict(dir: &Path) -> Command {
    let mut cmd = super::support::verdict(dir);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", super::support::NO_BUS)
        .env_remove("VERDICT_TEAM_PASSWORD");
    cmd
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
