//! The core's layers read bottom-up (see docs/architecture.md): a module may use modules of
//! its own layer or below, never above, and no two modules use each other, however
//! indirectly: neither two layer units (`desk` and `team::sync`) nor two files of one folder
//! (`team::local` and `team::server`). A module re-exporting or calling its own children is
//! their front door, not a user of them; a path through a front door (`super::Member`,
//! `crate::Desk`) counts as a use of the module that defines the item. This test reads every
//! `crate::`, `super::` and `self::` path (and `use` of a child module) in src/**/*.rs and
//! fails on an import that breaks either rule, naming the import lines.

use std::collections::BTreeSet;

#[path = "layers/reader.rs"]
mod reader;

use reader::{
    crate_sources, cycle_report, flatten_use, imports, module_cycle, resolve, Import, Reexports,
    Source,
};

/// Module (a path prefix; the longest match wins) → layer, lowest first. A new module gets a
/// line here; see docs/architecture.md for what each layer may do.
const LAYERS: &[(&str, u8)] = &[
    // 0: helpers that know nothing of the content
    ("util", 0),
    // 1: the content model and its rules, and the keyring
    ("model", 1),
    ("validate", 1),
    ("workflow", 1),
    ("score", 1),
    ("secrets", 1),
    ("media", 1),
    ("images", 1),
    ("comments", 1),
    ("facts::types", 1),
    ("facts", 1),
    // 2: the SQLite store
    ("store", 2),
    ("media::library", 2),
    ("media::uses", 2),
    // 3: what is made from the store: pages, bundles, checks, backups
    ("render", 3),
    ("bundle", 3),
    ("checks", 3),
    ("backup", 3),
    ("facts::cache", 3),
    ("facts::check", 3),
    ("facts::links", 3),
    ("media::bundled", 3),
    // 4: where pages go: the static site, the publishing outbox and its targets, and the
    //    team's tables, server and passwords (the publishing gate asks the team's server)
    ("site", 4),
    ("publish", 4),
    ("team", 4),
    ("team::presence", 4),
    // 5: the desk, and what extends it: the team's sync, live sync, members and conflict
    //    views (`impl Desk`), the newsletter
    ("desk", 5),
    ("desk::newsletter", 5),
    ("newsletter", 5),
    ("team::sync", 5),
    ("team::live", 5),
    ("team::admin", 5),
    ("team::views", 5),
    ("team::signin", 5),
    ("team::media", 5),
    ("media::desk", 5),
    ("media::replace", 5),
    ("media::catalog", 5),
    ("media::serve", 5),
    ("comments::desk", 5),
    ("team::comments", 5),
    // 6: the boundary to the app and the CLI
    ("api", 6),
];

/// The unit a module belongs to: the longest entry of [`LAYERS`] that prefixes it.
fn unit_of(module: &str) -> Option<&'static str> {
    LAYERS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| module == *name || module.starts_with(&format!("{name}::")))
        .max_by_key(|name| name.len())
}

fn layer_of(unit: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(n, _)| *n == unit)
        .expect("known unit")
        .1
}

/// The crate's imports between layer units (see [`LAYERS`]).
fn unit_imports() -> Vec<Import> {
    imports(&crate_sources())
        .into_iter()
        .filter_map(|i| {
            let from = unit_of(&i.from)
                .unwrap_or_else(|| panic!("module `{}` has no layer: add it to LAYERS", i.from));
            let to = unit_of(&i.to)
                .unwrap_or_else(|| panic!("module `{}` has no layer: add it to LAYERS", i.to));
            (from != to).then(|| Import {
                from: from.to_string(),
                to: to.to_string(),
                ..i
            })
        })
        .collect()
}

#[test]
fn no_module_imports_a_higher_layer() {
    let upward: Vec<String> = unit_imports()
        .iter()
        .filter(|i| layer_of(&i.to) > layer_of(&i.from))
        .map(|i| {
            format!(
                "{}: `{}` (layer {}) uses `{}` (layer {}) via `{}`",
                i.at(),
                i.from,
                layer_of(&i.from),
                i.to,
                layer_of(&i.to),
                i.path
            )
        })
        .collect();
    assert!(
        upward.is_empty(),
        "imports that go up a layer:\n{}",
        upward.join("\n")
    );
}

#[test]
fn layer_units_use_each_other_in_one_direction_only() {
    if let Some(cycle) = cycle_report(&unit_imports()) {
        panic!("an import cycle between layer units: {cycle}");
    }
}

#[test]
fn modules_use_each_other_in_one_direction_only() {
    if let Some(cycle) = cycle_report(&imports(&crate_sources())) {
        panic!("an import cycle between modules: {cycle}");
    }
}

fn planted(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(file, text)| Source {
            file: file.to_string(),
            text: text.to_string(),
        })
        .collect()
}

/// Two files of one folder that import each other, the shape team/local.rs and
/// team/server.rs had: the module check must name both and the lines.
#[test]
fn a_cycle_between_two_files_of_one_folder_is_reported() {
    let tree = planted(&[
        ("lib.rs", "pub mod team;"),
        (
            "team/mod.rs",
            "pub mod local;\npub mod server;\npub use server::Server;",
        ),
        (
            "team/local.rs",
            "//! The local side.\nuse serde::Serialize;\n\npub struct Pending;\n\
             pub fn apply(c: &super::server::Change) {}",
        ),
        (
            "team/server.rs",
            "use super::local::Pending;\n\npub struct Server;\npub struct Change;",
        ),
    ]);
    let report = module_cycle(&tree).expect("the cycle is found");
    assert!(
        report.contains("team::local") && report.contains("team::server"),
        "{report}"
    );
    assert!(
        report.contains("team/server.rs:1: `use super::local::Pending;`"),
        "{report}"
    );
    assert!(
        report.contains("team/local.rs:5: `pub fn apply(c: &super::server::Change) {}`"),
        "{report}"
    );
}

/// The same cycle hidden behind the folder's front door (`super::Server`, re-exported by
/// team/mod.rs from `server`), as `super::Member` hid it in team/local.rs.
#[test]
fn a_cycle_through_a_reexport_is_reported() {
    let tree = planted(&[
        ("lib.rs", "pub mod team;\npub use team::Server;"),
        (
            "team/mod.rs",
            "pub mod local;\npub mod server;\npub use server::{Server as Server};",
        ),
        (
            "team/local.rs",
            "pub struct Pending;\npub fn set(s: &super::Server) {}",
        ),
        (
            "team/server.rs",
            "use crate::team::local::{self, Pending};\npub struct Server;",
        ),
    ]);
    let report = module_cycle(&tree).expect("the cycle is found");
    assert!(report.contains("team/local.rs:2"), "{report}");
    assert!(report.contains("team/server.rs:1"), "{report}");
}

/// The tree after the move: both sides use the wire types, neither uses the other; a parent
/// using its children and the children using the parent's error is no cycle either.
#[test]
fn a_tree_without_a_cycle_passes() {
    let tree = planted(&[
        ("lib.rs", "pub mod team;"),
        (
            "team/mod.rs",
            "pub mod local;\npub mod server;\npub mod wire;\npub use server::Server;\n\
             pub use wire::Member;\npub enum TeamError {}\nfn f() { local::clear(); }",
        ),
        (
            "team/local.rs",
            "use super::wire::{Member, Pending};\npub fn set(m: &super::Member) {}\npub fn clear() {}",
        ),
        (
            "team/server.rs",
            "use super::wire::Pending;\nuse super::TeamError;\npub struct Server;",
        ),
        ("team/wire.rs", "pub struct Pending;\npub struct Member;"),
    ]);
    assert_eq!(module_cycle(&tree), None);
}

#[test]
fn the_reader_understands_grouped_and_relative_paths() {
    assert_eq!(
        flatten_use("crate::{model::{A, B}, store::Store as S}"),
        [
            "crate::model::A",
            "crate::model::B",
            "crate::store::Store@S"
        ]
    );
    let modules: BTreeSet<String> = [
        "",
        "desk",
        "desk::history",
        "store",
        "publish",
        "publish::queue",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let mut reexports = Reexports::new();
    reexports
        .entry(String::new())
        .or_default()
        .insert("Desk".into(), "desk::Desk".into());
    reexports
        .entry("desk".into())
        .or_default()
        .insert("Diff".into(), "history::Diff".into());
    let resolve = |module: &str, path: &str| resolve(module, path, &modules, &reexports);
    assert_eq!(
        resolve("desk", "history::diff").as_deref(),
        Some("desk::history")
    );
    assert_eq!(
        resolve("desk::history", "super::Desk").as_deref(),
        Some("desk")
    );
    assert_eq!(
        resolve("publish::queue", "crate::store::Result").as_deref(),
        Some("store")
    );
    assert_eq!(resolve("store", "crate::Desk").as_deref(), Some("desk"));
    assert_eq!(
        resolve("publish", "crate::desk::Diff").as_deref(),
        Some("desk::history")
    );
    assert_eq!(resolve("store", "crate::hash").as_deref(), None);
    assert_eq!(resolve("desk", "serde::Serialize"), None);
    assert_eq!(unit_of("team::sync"), Some("team::sync"));
    assert_eq!(unit_of("team::local"), Some("team"));
}
