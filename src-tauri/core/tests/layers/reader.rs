//! The reader behind tests/layers.rs: which module of a source tree uses which, read from
//! its `use` statements and `crate::`/`super::`/`self::` paths, with re-exports traced to the
//! module that defines the item, and the cycles among those uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file of a module tree: its path under `src/` (with `/`) and its text.
pub struct Source {
    pub file: String,
    pub text: String,
}

/// `desk/mod.rs` → `desk`, `publish/worker.rs` → `publish::worker`; `lib.rs` → "".
pub fn module_of(file: &str) -> String {
    let mut parts: Vec<&str> = file.split('/').collect();
    let last = parts.pop().expect("a file");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem);
    }
    parts.join("::")
}

pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate's own tree, src/**/*.rs.
pub fn crate_sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .iter()
        .map(|f| Source {
            file: f
                .strip_prefix(&src)
                .expect("under src")
                .iter()
                .map(|p| p.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            text: std::fs::read_to_string(f).expect("readable"),
        })
        .collect()
}

/// The source without comments, so a doc comment naming a module is not an import. Lines
/// stay where they were, so a line number still points at the source.
pub fn without_comments(text: &str) -> String {
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

/// Flattens `a::{b, c::{d, e as f}}` into `a::b`, `a::c::d`, `a::c::e@f` (`@` marks a
/// rename: the name the item is known by after it).
pub fn flatten_use(tree: &str) -> Vec<String> {
    let tree: String = tree
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" as ", "@")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
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

/// A path a file names, where it names it.
pub struct Named {
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// The statement or line that names it, for messages.
    pub snippet: String,
    /// Named by a `pub use`/`pub(crate) use`: a re-export.
    pub reexport: bool,
}

pub fn line_at(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Every path the file names that starts at the crate, a parent, itself or a child module.
pub fn paths_in(text: &str) -> Vec<Named> {
    let mut found = Vec::new();
    // `use` statements, with their groups expanded.
    let mut offset = 0;
    while let Some(found_at) = text[offset..].find("use ") {
        let at = offset + found_at;
        offset = at + 4;
        let before = text[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = text[offset..].find(';') else {
            break;
        };
        let tree = &text[offset..offset + end];
        if tree.contains('(') || tree.contains('"') {
            continue;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let lead = text[line_start..at].trim();
        let reexport = lead == "pub" || lead.starts_with("pub(");
        let snippet = format!(
            "{lead} use {};",
            tree.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for path in flatten_use(tree) {
            found.push(Named {
                path,
                line: line_at(text, at),
                snippet: snippet.trim().to_string(),
                reexport,
            });
        }
    }
    // Paths written inline: `crate::publish::queue_pages(..)`, `super::backoff(..)`.
    for start in ["crate::", "super::", "self::"] {
        let mut offset = 0;
        while let Some(found_at) = text[offset..].find(start) {
            let at = offset + found_at;
            offset = at + start.len();
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = text[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let line = line_at(text, at);
            found.push(Named {
                path: path.trim_end_matches(':').to_string(),
                line,
                snippet: text.lines().nth(line - 1).unwrap_or("").trim().to_string(),
                reexport: false,
            });
        }
    }
    found
}

/// Module → (name it re-exports → the path it names, as written there): a front door such
/// as `pub use server::Member` in team/mod.rs, so `super::Member` is traced to `server`.
pub type Reexports = BTreeMap<String, BTreeMap<String, String>>;

pub fn reexports_of(sources: &[Source]) -> Reexports {
    let mut out: Reexports = BTreeMap::new();
    for source in sources {
        let module = module_of(&source.file);
        for named in paths_in(&without_comments(&source.text)) {
            if !named.reexport || named.path.ends_with('*') {
                continue;
            }
            let (path, alias) = match named.path.split_once('@') {
                Some((path, alias)) => (path, Some(alias)),
                None => (named.path.as_str(), None),
            };
            let Some(name) = alias.or_else(|| path.rsplit("::").next()) else {
                continue;
            };
            if name != "self" {
                out.entry(module.clone())
                    .or_default()
                    .insert(name.to_string(), path.to_string());
            }
        }
    }
    out
}

/// The module `path` (as written in `module`) names, as an absolute module path, following
/// re-exports to the module that defines the item; `None` for paths into other crates and
/// for items of the crate root itself.
pub fn resolve(
    module: &str,
    path: &str,
    modules: &BTreeSet<String>,
    reexports: &Reexports,
) -> Option<String> {
    resolve_at(module, path, modules, reexports, 0)
}

pub fn resolve_at(
    module: &str,
    path: &str,
    modules: &BTreeSet<String>,
    reexports: &Reexports,
    depth: u8,
) -> Option<String> {
    let path = path.split('@').next().unwrap_or(path);
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
    // The longest prefix that is a module of this crate (the crate root included).
    let n = (0..=full.len())
        .rev()
        .find(|n| modules.contains(&full[..*n].join("::")))?;
    let found = full[..n].join("::");
    // An item the module only re-exports belongs to the module it comes from.
    if let (Some(name), true) = (full.get(n), depth < 8) {
        if let Some(source) = reexports.get(&found).and_then(|r| r.get(*name)) {
            let rest: Vec<&str> = full[n + 1..].to_vec();
            let through = std::iter::once(source.as_str())
                .chain(rest)
                .collect::<Vec<_>>()
                .join("::");
            if let Some(target) = resolve_at(&found, &through, modules, reexports, depth + 1) {
                return Some(target);
            }
        }
    }
    (!found.is_empty()).then_some(found)
}

/// One module's use of another.
pub struct Import {
    pub file: String,
    pub line: usize,
    pub snippet: String,
    pub from: String,
    pub to: String,
    pub path: String,
}

impl Import {
    pub fn at(&self) -> String {
        format!("{}:{}: `{}`", self.file, self.line, self.snippet)
    }
}

/// Every use of one module by another in `sources`, with re-exports traced to their source.
/// A module using its own descendants (a `mod.rs` re-exporting or calling its children)
/// is not counted: the children are its parts, and it is their front door.
pub fn imports(sources: &[Source]) -> Vec<Import> {
    let modules: BTreeSet<String> = sources.iter().map(|s| module_of(&s.file)).collect();
    let reexports = reexports_of(sources);
    let mut out = Vec::new();
    for source in sources {
        let module = module_of(&source.file);
        if module.is_empty() {
            continue; // lib.rs: the crate's front door re-exports from every layer
        }
        for named in paths_in(&without_comments(&source.text)) {
            let Some(target) = resolve(&module, &named.path, &modules, &reexports) else {
                continue;
            };
            if target == module || target.starts_with(&format!("{module}::")) {
                continue;
            }
            out.push(Import {
                file: source.file.clone(),
                line: named.line,
                snippet: named.snippet,
                from: module.clone(),
                to: target,
                path: named.path,
            });
        }
    }
    out
}

/// A cycle in `edges`, as the nodes on it (the first one again at the end).
pub fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

/// A cycle among `imports`, named with the import lines that make each step of it.
pub fn cycle_report(imports: &[Import]) -> Option<String> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in imports {
        edges
            .entry(i.from.clone())
            .or_default()
            .insert(i.to.clone());
    }
    let cycle = find_cycle(&edges)?;
    let mut report = cycle.join(" → ");
    for step in cycle.windows(2) {
        let i = imports
            .iter()
            .find(|i| i.from == step[0] && i.to == step[1])
            .expect("an edge has an import");
        report.push_str(&format!(
            "\n  {} → {}: {} (via `{}`)",
            step[0],
            step[1],
            i.at(),
            i.path
        ));
    }
    Some(report)
}

/// A cycle between modules (files) of a tree, however close: two files of one folder
/// (`team::local` ↔ `team::server`) as much as two layers.
pub fn module_cycle(sources: &[Source]) -> Option<String> {
    cycle_report(&imports(sources))
}
