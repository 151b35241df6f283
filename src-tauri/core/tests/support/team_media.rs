//! Test support for the team's images: a team on a private PostgreSQL cluster (see
//! support/team.rs), members' desks joined to it, adding a logo, and a tool page as rendered.

#![allow(dead_code)]

use verdict_core::media::MediaText;
use verdict_core::render::{build_tool_page, Library, Renderer};
use verdict_core::team::server::Server;
use verdict_core::Desk;
use verdict_testkit::postgres::{SUPERUSER, SUPERUSER_PASSWORD};

use super::media_images::{logo, png_rgba};

pub use super::team_support::{Member, Team};
// Not every test of images names the sample's tool.
#[allow(unused_imports)]
pub use super::team_support::HAIKU;

/// What only the image tests ask of the team: its owner's connection.
impl Team {
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
