//! The core's layers read bottom-up (see docs/architecture.md): a module may use modules of
//! its own layer or below, never above, and no two modules use each other, however
//! indirectly. A module re-exporting its own children is their front door, not a
//! user of them. This test reads every `crate::`, `super::` and `self::` path (and `use` of a
//! child module) in src/**/*.rs and fails on an import that breaks either rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    // 2: the SQLite store
    ("store", 2),
    ("media::library", 2),
    // 3: what is made from the store: pages, bundles, checks, backups
    ("render", 3),
    ("bundle", 3),
    ("checks", 3),
    ("backup", 3),
    // 4: where pages go: the static site, the publishing outbox and its targets, and the
    //    team's tables, server and passwords (the publishing gate asks the team's server)
    ("site", 4),
    ("publish", 4),
    ("team", 4),
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
    ("media::desk", 5),
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

/// `src/desk/mod.rs` → `desk`, `src/publish/worker.rs` → `publish::worker`; `lib.rs` → "".
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments, so a doc comment naming a module is not an import.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal is rare in this code base; a URL in one keeps
            // its text before the `//`, which names no module.
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Flattens `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn flatten_use(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.is_empty())
        .flat_map(|i| flatten_use(&format!("{prefix}{i}")))
        .collect()
}

/// Every path the file names that starts at the crate, a parent, itself or a child module.
fn paths_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    // `use` statements, with their groups expanded.
    let mut rest = text;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let after = &rest[at + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = after.find(';') else { break };
        let tree = &after[..end];
        if tree.contains('(') || tree.contains('"') {
            continue;
        }
        found.extend(flatten_use(tree));
    }
    // Paths written inline: `crate::publish::queue_pages(..)`, `super::backoff(..)`.
    for start in ["crate::", "super::", "self::"] {
        let mut rest = text;
        while let Some(at) = rest.find(start) {
            let before = rest[..at].chars().last();
            let tail = &rest[at..];
            rest = &rest[at + start.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push(path.trim_end_matches(':').to_string());
        }
    }
    found
}

/// The module `path` (as written in `module`) names, as an absolute module path; `None` for
/// paths into other crates.
fn resolve(module: &str, path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").collect()
    };
    match segments.first().copied() {
        Some("crate") => {
            base.clear();
            segments.remove(0);
        }
        Some("self") => {
            segments.remove(0);
        }
        Some("super") => {
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
        }
        Some(first) => {
            // A child module used by its bare name (`pub use history::...` in desk/mod.rs).
            let child = if module.is_empty() {
                first.to_string()
            } else {
                format!("{module}::{first}")
            };
            if !modules.contains(&child) {
                return None;
            }
        }
        None => return None,
    }
    let mut full: Vec<&str> = base;
    full.extend(segments);
    // The longest prefix that is a module of this crate.
    (1..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|m| modules.contains(m))
}

struct Import {
    file: String,
    from: &'static str,
    to: &'static str,
    path: String,
}

fn imports() -> Vec<Import> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut out = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module.is_empty() {
            continue; // lib.rs: the crate's front door re-exports from every layer
        }
        let from = unit_of(&module)
            .unwrap_or_else(|| panic!("module `{module}` has no layer: add it to LAYERS"));
        let text = without_comments(&std::fs::read_to_string(file).expect("readable"));
        for path in paths_in(&text) {
            let Some(target) = resolve(&module, &path, &modules) else {
                continue;
            };
            // A module declaring and re-exporting its own children (`pub use sync::X` in
            // team/mod.rs) is their front door, not a user of them.
            if target.starts_with(&format!("{module}::")) {
                continue;
            }
            let Some(to) = unit_of(&target) else {
                panic!("module `{target}` has no layer: add it to LAYERS");
            };
            if to != from {
                out.push(Import {
                    file: file.strip_prefix(&src).unwrap().display().to_string(),
                    from,
                    to,
                    path: path.clone(),
                });
            }
        }
    }
    out
}

#[test]
fn no_module_imports_a_higher_layer() {
    let upward: Vec<String> = imports()
        .iter()
        .filter(|i| layer_of(i.to) > layer_of(i.from))
        .map(|i| {
            format!(
                "{}: `{}` (layer {}) uses `{}` (layer {}) via `{}`",
                i.file,
                i.from,
                layer_of(i.from),
                i.to,
                layer_of(i.to),
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
fn modules_use_each_other_in_one_direction_only() {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for i in imports() {
        edges.entry(i.from).or_default().insert(i.to);
    }
    // Depth-first search for a cycle, reported as the modules on it.
    fn visit<'a>(
        unit: &'a str,
        edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(at) = stack.iter().position(|u| *u == unit) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(unit);
            return Some(cycle);
        }
        if done.contains(unit) {
            return None;
        }
        stack.push(unit);
        for next in edges.get(unit).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(unit);
        None
    }
    let mut done = BTreeSet::new();
    for unit in edges.keys() {
        if let Some(cycle) = visit(unit, &edges, &mut Vec::new(), &mut done) {
            panic!("an import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_reader_understands_grouped_and_relative_paths() {
    assert_eq!(
        flatten_use("crate::{model::{A, B}, store::Store}"),
        ["crate::model::A", "crate::model::B", "crate::store::Store"]
    );
    let modules: BTreeSet<String> = [
        "desk",
        "desk::history",
        "store",
        "publish",
        "publish::queue",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(
        resolve("desk", "history::diff", &modules).as_deref(),
        Some("desk::history")
    );
    assert_eq!(
        resolve("desk::history", "super::Desk", &modules).as_deref(),
        Some("desk")
    );
    assert_eq!(
        resolve("publish::queue", "crate::store::Result", &modules).as_deref(),
        Some("store")
    );
    assert_eq!(resolve("desk", "serde::Serialize", &modules), None);
    assert_eq!(unit_of("team::sync"), Some("team::sync"));
    assert_eq!(unit_of("team::local"), Some("team"));
}
