//! Test support: a team on a private PostgreSQL cluster, initialised, with its members
//! (each member's password is their login followed by "-pw"), and members' desks joined
//! to it.

#![allow(dead_code)]

use std::path::Path;

use verdict_core::model::{EntryPrice, Tool};
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

/// The sample's tools and page (`Desk::seed_sample_if_empty`).
pub const HAIKU: &str = "claude-haiku-open-weights";
pub const SCOUT: &str = "llama-4-scout-quantized";
pub const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

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

/// A cluster with a team database, initialised, and its members (password = login + "-pw").
pub struct Team {
    pub pg: PgCluster,
    pub rt: tokio::runtime::Runtime,
}

impl Team {
    pub fn start(members: &[MemberSpec<'_>]) -> Team {
        let rt = runtime();
        let pg = start_team(&rt, members);
        Team { pg, rt }
    }

    pub fn url(&self) -> String {
        team_url(&self.pg)
    }

    /// A desk in `dir` joined as `login` (seeding the team with the sample when `seed`).
    pub fn join(&self, dir: &Path, login: &str, seed: bool) -> Member {
        let desk = Desk::open(dir).unwrap();
        if seed {
            desk.seed_sample_if_empty().unwrap();
        }
        let secrets = MemorySecrets::new();
        let report = self
            .rt
            .block_on(desk.team_join(&self.url(), login, &password(login), seed, &secrets))
            .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
        assert_eq!(report.member.login, login);
        Member {
            desk,
            login: login.to_string(),
            secrets,
        }
    }

    pub fn sync(&self, m: &Member) -> verdict_core::team::SyncReport {
        self.rt
            .block_on(m.desk.team_sync(&m.secrets, |_| {}))
            .unwrap_or_else(|e| panic!("{} could not sync: {e}", m.login))
    }

    /// A connection with a member's own credentials, as any SQL client would make.
    pub fn connect_as(&self, login: &str) -> Server {
        self.rt
            .block_on(Server::connect(&self.url(), Some(login), &password(login)))
            .unwrap()
    }
}

pub struct Member {
    pub desk: Desk,
    pub login: String,
    pub secrets: MemorySecrets,
}

/// The desk's content as its bundle's JSON: equal before and after means nothing changed.
pub fn export(desk: &Desk) -> String {
    desk.store().export_bundle().unwrap().to_json()
}

/// A new tool, ready to create.
pub fn new_tool(slug: &str, name: &str) -> Tool {
    Tool {
        slug: slug.into(),
        name: name.into(),
        vendor: "Mistral".into(),
        category: "Developer Tools".into(),
        tagline: "Small and quick".into(),
        description: "A compact model.".into(),
        entry_price: EntryPrice::Free,
        license: "Apache-2.0".into(),
        links: Default::default(),
        release_date: None,
        pricing_checked_on: None,
        facts: Default::default(),
        logo: None,
        screenshots: Vec::new(),
    }
}
