//! Every program that a test or a .ci script starts is on `.ci/programs`, so that `.ci/setup`
//! installs it on a fresh machine (xdotool once was not, and the suite failed there).
//!
//! Rust: every `Command::new("…")` and `program("…")` with a literal name, in every test,
//! bench, example and test-support file of the workspace. Scripts: every word at a command
//! position of `.ci/*` that names a program installed here, unless it belongs to Debian's
//! essential or required packages (coreutils, sed, grep, util-linux…, on every machine), is a
//! shell builtin, or a function of the script.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;
use verdict_testkit::programs::{is_listed, listed};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Files under `dir` (recursively) whose name ends with `ext`, skipping build output.
fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | "node_modules" | ".git" | "dist") {
                files(&path, ext, out);
            }
        } else if name.ends_with(ext) {
            out.push(path);
        }
    }
}

/// (file:line, program) for every literal program name the workspace's Rust code starts.
fn rust_programs() -> Vec<(String, String)> {
    let root = repo_root();
    let mut sources = Vec::new();
    files(&root.join("tests"), ".rs", &mut sources);
    files(&root.join("src-tauri"), ".rs", &mut sources);
    let pattern =
        Regex::new(r#"(?:Command::new|\bprogram)\(\s*"([A-Za-z0-9_.+-]+)"\s*\)"#).unwrap();
    let mut found = Vec::new();
    for file in sources {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            for cap in pattern.captures_iter(line) {
                let at = format!(
                    "{}:{}",
                    file.strip_prefix(&root).unwrap_or(&file).display(),
                    i + 1
                );
                found.push((at, cap[1].to_string()));
            }
        }
    }
    found
}

const BASH_WORDS: &[&str] = &[
    // keywords and builtins: never a program
    "if",
    "then",
    "else",
    "elif",
    "fi",
    "do",
    "done",
    "while",
    "until",
    "for",
    "in",
    "case",
    "esac",
    "function",
    "select",
    "time",
    "coproc",
    "[",
    "[[",
    "]]",
    "]",
    "!",
    "{",
    "}",
    ".",
    ":",
    "alias",
    "bg",
    "bind",
    "break",
    "builtin",
    "caller",
    "cd",
    "command",
    "compgen",
    "complete",
    "continue",
    "declare",
    "dirs",
    "disown",
    "echo",
    "enable",
    "eval",
    "exec",
    "exit",
    "export",
    "false",
    "fc",
    "fg",
    "getopts",
    "hash",
    "help",
    "history",
    "jobs",
    "kill",
    "let",
    "local",
    "logout",
    "mapfile",
    "popd",
    "printf",
    "pushd",
    "pwd",
    "read",
    "readarray",
    "readonly",
    "return",
    "set",
    "shift",
    "shopt",
    "source",
    "suspend",
    "test",
    "times",
    "trap",
    "true",
    "type",
    "typeset",
    "ulimit",
    "umask",
    "unalias",
    "unset",
    "wait",
];

/// Words that run the next word as the command: skipped to reach the program.
const PREFIXES: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "exec", "time", "command", "$SUDO",
    "sudo", "setsid", "nohup", "timeout", "env",
];

/// Blanks what a shell does not run: quoted text (keeping `$(…)` inside double quotes).
fn unquote(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let (mut single, mut double, mut subst) = (false, false, 0usize);
    while let Some(c) = chars.next() {
        if single {
            if c == '\'' {
                single = false;
            }
            out.push(' ');
            continue;
        }
        if c == '\\' {
            chars.next();
            out.push_str("  ");
            continue;
        }
        if double && subst == 0 {
            if c == '"' {
                double = false;
                out.push(' ');
            } else if c == '$' && chars.peek() == Some(&'(') {
                chars.next();
                subst = 1;
                out.push_str("$(");
            } else {
                out.push(' ');
            }
            continue;
        }
        match c {
            '\'' => {
                single = true;
                out.push(' ');
            }
            '"' if subst == 0 => {
                double = true;
                out.push(' ');
            }
            '(' if subst > 0 => {
                subst += 1;
                out.push(c);
            }
            ')' if subst > 0 => {
                subst -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// (script:line, word) for every word at a command position of a bash script.
fn script_commands(path: &Path, name: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let functions: BTreeSet<String> = Regex::new(r"(?m)^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\(\)")
        .unwrap()
        .captures_iter(&text)
        .map(|c| c[1].to_string())
        .collect();
    let heredoc = Regex::new(r#"<<-?\s*['"]?([A-Za-z_]+)['"]?"#).unwrap();
    let split = Regex::new(r"\$\(|&&|\|\||[;|(){}`]").unwrap();
    let word = Regex::new(r"^[A-Za-z][A-Za-z0-9_.+-]*$").unwrap();
    let open_array = Regex::new(r"=\([^)]*$").unwrap();
    let assignment = Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=").unwrap();
    let mut out = Vec::new();
    let mut until: Option<String> = None; // the end word of a here-document
    let mut in_array = false;
    // Logical lines: a line ending in `\` goes on with the next one.
    let mut logical: Vec<(usize, String)> = Vec::new();
    let mut joining = false;
    for (i, raw) in text.lines().enumerate() {
        match (joining, logical.last_mut()) {
            (true, Some((_, line))) => line.push_str(raw),
            _ => logical.push((i, raw.to_string())),
        }
        joining = raw.trim_end().ends_with('\\');
        if joining {
            let (_, line) = logical.last_mut().expect("just pushed");
            line.truncate(line.trim_end().len() - 1);
            line.push(' ');
        }
    }
    for (i, raw) in logical {
        if let Some(end) = &until {
            if raw.trim() == end {
                until = None;
            }
            continue;
        }
        // A comment starts at `#` at the start of a word.
        let mut line = unquote(&raw);
        if let Some(at) = line
            .char_indices()
            .find(|&(j, c)| c == '#' && (j == 0 || line[..j].ends_with(char::is_whitespace)))
            .map(|(j, _)| j)
        {
            line.truncate(at);
        }
        if in_array {
            in_array = !line.contains(')');
            continue;
        }
        if let Some(c) = heredoc.captures(&line.replace("<<<", "   ")) {
            until = Some(c[1].to_string());
        }
        if open_array.is_match(&line) {
            in_array = true;
        }
        for segment in split.split(&line) {
            let mut words = segment.split_whitespace().peekable();
            if matches!(words.peek(), Some(&("for" | "case" | "select"))) {
                continue;
            }
            while let Some(&w) = words.peek() {
                let skip = PREFIXES.contains(&w)
                    || assignment.is_match(w)
                    || w.starts_with('-')
                    || w.chars().all(|c| c.is_ascii_digit() || c == '.')
                    || w.contains('<')
                    || w.contains('>');
                if !skip {
                    break;
                }
                words.next();
            }
            if let Some(w) = words.next() {
                if word.is_match(w) && !BASH_WORDS.contains(&w) && !functions.contains(w) {
                    out.push((format!(".ci/{name}:{}", i + 1), w.to_string()));
                }
            }
        }
    }
    out
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// The Debian package that owns `path` (following the symlinks of alternatives and merged /usr).
fn owner(path: &Path) -> Option<String> {
    let mut candidates = vec![path.to_path_buf()];
    if let Ok(real) = path.canonicalize() {
        candidates.push(real);
    }
    for p in candidates.clone() {
        if let Ok(rest) = p.strip_prefix("/usr") {
            candidates.push(Path::new("/").join(rest));
        }
    }
    for p in candidates {
        let out = Command::new("dpkg-query").arg("-S").arg(&p).output().ok()?;
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            return text.split(':').next().map(|s| s.trim().to_string());
        }
    }
    None
}

/// Whether Debian's package `pkg` is essential or of priority required: on every machine.
fn base_system(pkg: &str, cache: &mut HashMap<String, bool>) -> bool {
    *cache.entry(pkg.to_string()).or_insert_with(|| {
        Command::new("dpkg-query")
            .args(["-W", "-f=${Essential} ${Priority}", pkg])
            .output()
            .map(|o| {
                let s = String::from_utf8_lossy(&o.stdout).into_owned();
                s.starts_with("yes") || s.ends_with("required")
            })
            .unwrap_or(false)
    })
}

#[test]
fn every_program_the_rust_tests_start_is_listed() {
    let found = rust_programs();
    // The scan sees the calls it is meant to see (a broken pattern would pass everything).
    assert!(
        found.iter().any(|(_, p)| p == "xdotool") && found.iter().any(|(_, p)| p == "Xvfb"),
        "the scan no longer finds the end-to-end suite's programs: {found:?}"
    );
    let unlisted: Vec<_> = found.iter().filter(|(_, p)| !is_listed(p)).collect();
    assert!(
        unlisted.is_empty(),
        "tests start programs that .ci/programs does not list (add each with its Debian \
         package, so that .ci/setup installs it):\n{}",
        unlisted
            .iter()
            .map(|(at, p)| format!("  {p}  ({at})"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_program_the_ci_scripts_start_is_listed_or_part_of_the_base_system() {
    which_dpkg();
    let dir = repo_root().join(".ci");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path()).is_ok_and(|t| t.starts_with("#!/usr/bin/env bash"))
        })
        .map(|e| e.path())
        .collect();
    scripts.sort();
    assert!(
        scripts.len() >= 4,
        "the .ci scripts were not found in {dir:?}"
    );
    let mut cache = HashMap::new();
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for script in &scripts {
        let name = script.file_name().unwrap().to_string_lossy().into_owned();
        for (at, prog) in script_commands(script, &name) {
            seen.insert(prog.clone());
            if is_listed(&prog) {
                continue;
            }
            let Some(path) = on_path(&prog) else {
                continue; // not a program here (a word of a case pattern, say)
            };
            match owner(&path) {
                Some(pkg) if base_system(&pkg, &mut cache) => {}
                Some(pkg) => problems
                    .entry(format!("{prog} (from {pkg})"))
                    .or_default()
                    .push(at),
                None => problems
                    .entry(format!(
                        "{prog} (no Debian package owns {})",
                        path.display()
                    ))
                    .or_default()
                    .push(at),
            }
        }
    }
    // The scan reads the scripts as meant: it sees programs they are known to start.
    for expected in ["mariadbd", "php", "npm", "apt-get", "Xvfb"] {
        assert!(
            seen.contains(expected),
            "the scan of .ci/ no longer sees `{expected}`: {seen:?}"
        );
    }
    assert!(
        problems.is_empty(),
        ".ci scripts start programs that .ci/programs does not list:\n{}",
        problems
            .iter()
            .map(|(p, at)| format!("  {p}: {}", at.join(", ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_listed_program_is_installed() {
    let missing: Vec<String> = listed()
        .iter()
        .filter_map(|p| verdict_testkit::programs::find(&p.name).err())
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

fn which_dpkg() {
    assert!(
        on_path("dpkg-query").is_some(),
        "dpkg-query is not on the PATH: this check needs Debian's dpkg"
    );
}
