//! Test support: a team on a private PostgreSQL cluster, initialised, with its members
//! (each member's password is their login followed by "-pw").

#![allow(dead_code)]

use verdict_core::team::server::Server;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

/// A member: login, team roles, and the reviewer a reviewer member writes as.
pub type MemberSpec<'a> = (&'a str, &'a [&'a str], Option<&'a str>);

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub fn password(login: &str) -> String {
    format!("{login}-pw")
}

/// Starts a cluster with a database "team", creates the team and adds `members`.
pub fn start_team(rt: &tokio::runtime::Runtime, members: &[MemberSpec<'_>]) -> PgCluster {
    let pg = PgCluster::start();
    pg.create_database("team");
    rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        admin.init().await.unwrap();
        for (login, roles, reviewer) in members {
            let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
            admin
                .add_member(
                    login,
                    &login.to_uppercase(),
                    &roles,
                    *reviewer,
                    &password(login),
                )
                .await
                .unwrap();
        }
    });
    pg
}

/// The team's address as members use it (no user, no password).
pub fn team_url(pg: &PgCluster) -> String {
    format!("postgres://127.0.0.1:{}/team", pg.port())
}
