//! No hand-written source file over 500 lines (docs/architecture.md): a file that long holds
//! more than one thing, and is split into modules (Rust), components or helpers (UI). It
//! covers src-tauri/**/*.rs and ui/src/**/*.{ts,svelte}, tests included: a test file is read
//! and changed as often as the code it tests, and a long one repeats itself (its fixtures
//! belong in a support module). Generated files are left out: nobody edits them by hand.

use std::path::{Path, PathBuf};

const LIMIT: usize = 500;

/// Generated, each with its generator named in its first line ("Do not edit").
const GENERATED: &[&str] = &["ui/src/lib/bindings.ts", "ui/src/lib/contract.ts"];

/// The files over the limit when the rule came (issue 26), each still to be split. The list
/// only shrinks: a file that comes under the limit must leave it (the test says so), and a
/// file not on it may not pass the limit.
const OVER_LIMIT: &[&str] = &[];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Files under `dir` whose names end in one of `endings`, as paths from the repository root.
fn files(dir: &str, endings: &[&str], out: &mut Vec<String>) {
    let root = root();
    let mut stack = vec![root.join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_dir() {
                // Build output and installed packages are nobody's source.
                if !name.starts_with('.') && name != "target" && name != "node_modules" {
                    stack.push(path);
                }
            } else if endings.iter().any(|e| name.ends_with(e)) {
                let rel = path.strip_prefix(&root).expect("under the root");
                out.push(
                    rel.iter()
                        .map(|p| p.to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
}

fn lines(file: &str) -> usize {
    std::fs::read_to_string(root().join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .lines()
        .count()
}

/// Every hand-written file over [`LIMIT`], with its length.
fn over_limit() -> Vec<(String, usize)> {
    let mut all = Vec::new();
    files("src-tauri", &[".rs"], &mut all);
    files("ui/src", &[".ts", ".svelte"], &mut all);
    all.sort();
    all.into_iter()
        .filter(|f| !GENERATED.contains(&f.as_str()))
        .map(|f| {
            let n = lines(&f);
            (f, n)
        })
        .filter(|(_, n)| *n > LIMIT)
        .collect()
}

#[test]
fn no_new_file_passes_500_lines() {
    let new: Vec<String> = over_limit()
        .into_iter()
        .filter(|(f, _)| !OVER_LIMIT.contains(&f.as_str()))
        .map(|(f, n)| format!("{f}: {n} lines"))
        .collect();
    assert!(
        new.is_empty(),
        "hand-written files over {LIMIT} lines: split them into modules (Rust), components or \
         helpers (UI), or fixtures (tests):\n{}",
        new.join("\n")
    );
}

#[test]
fn the_list_of_long_files_only_shrinks() {
    let over: Vec<String> = over_limit().into_iter().map(|(f, _)| f).collect();
    let done: Vec<&str> = OVER_LIMIT
        .iter()
        .copied()
        .filter(|f| !over.iter().any(|o| o == f))
        .collect();
    assert!(
        done.is_empty(),
        "now under {LIMIT} lines (or gone): remove from OVER_LIMIT in tests/file_lengths.rs:\n{}",
        done.join("\n")
    );
}

#[test]
fn the_files_left_out_are_generated() {
    for file in GENERATED {
        let text = std::fs::read_to_string(root().join(file)).expect("readable");
        let head: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
        assert!(
            head.contains("Generated") && head.contains("Do not edit"),
            "{file} is left out of the length rule as generated, but does not say so"
        );
    }
}
