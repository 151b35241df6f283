//! Test support for the team's images: a team on a private PostgreSQL cluster (see
//! support/team.rs), members' desks joined to it, adding a logo, and a tool page as rendered.

#![allow(dead_code)]

use std::path::Path;

use verdict_core::media::MediaText;
use verdict_core::render::{build_tool_page, Library, Renderer};
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

use super::media_images::{logo, png_rgba};
use super::team_support::{password, runtime, start_team, team_url, MemberSpec};

pub const HAIKU: &str = "claude-haiku-open-weights";

pub struct Team {
    pub pg: PgCluster,
    pub rt: tokio::runtime::Runtime,
}

pub struct Member {
    pub desk: Desk,
    pub login: String,
    pub secrets: MemorySecrets,
}

impl Team {
    pub fn start(members: &[MemberSpec<'_>]) -> Team {
        let rt = runtime();
        let pg = start_team(&rt, members);
        Team { pg, rt }
    }

    pub fn join(&self, dir: &Path, login: &str, seed: bool) -> Member {
        let desk = Desk::open(dir).unwrap();
        if seed {
            desk.seed_sample_if_empty().unwrap();
        }
        let secrets = MemorySecrets::new();
        self.rt
            .block_on(desk.team_join(&team_url(&self.pg), login, &password(login), seed, &secrets))
            .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
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

    pub fn connect_as(&self, login: &str) -> Server {
        self.rt
            .block_on(Server::connect(
                &team_url(&self.pg),
                Some(login),
                &password(login),
            ))
            .unwrap()
    }

    pub fn admin(&self) -> Server {
        self.rt
            .block_on(Server::connect(
                &self.pg.url(SUPERUSER, "team"),
                None,
                SUPERUSER_PASSWORD,
            ))
            .unwrap()
    }

    /// Runs SQL as the owner and returns the first column of the first row as text.
    pub fn owner_text(&self, sql: &str) -> String {
        let admin = self.admin();
        self.rt
            .block_on(admin.client().query_one(sql, &[]))
            .unwrap()
            .get(0)
    }
}

/// Adds a logo of `w` px (a distinct image per width) as the member, with alt text.
pub fn add_logo(m: &Member, w: u32, alt: &str) -> String {
    m.desk
        .add_media(
            &m.login,
            &format!("logo-{w}.png"),
            &png_rgba(&logo(w, w)),
            &MediaText {
                alt: Some(alt.into()),
                credit: Some("Logo: vendor".into()),
                decorative: None,
            },
        )
        .unwrap()
        .item
        .hash
}

pub fn tool_html(desk: &Desk, slug: &str) -> String {
    let lib = Library::load(&desk.store()).unwrap();
    let tool = desk.tool(slug).unwrap();
    let page = build_tool_page(&lib, &tool, |_| true);
    Renderer::new("default")
        .unwrap()
        .tool_html(&lib.site.clone(), &page)
        .unwrap()
}

/// A change to an image's text as a desk pushes it (team schema 6: kind `media`, keyed by
/// the hash), with the values it had (`prev`).
pub fn media_change(
    hash: &str,
    fields: serde_json::Value,
    prev: serde_json::Value,
) -> verdict_core::team::wire::Pending {
    let map = |v: serde_json::Value| match v {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    verdict_core::team::wire::Pending {
        id: 1,
        change_id: uuid::Uuid::now_v7().to_string(),
        kind: verdict_core::model::EntityKind::Media,
        key: hash.to_string(),
        base: 0,
        fields: map(fields),
        prev: map(prev),
    }
}
