//! The list of programs that tests and scripts start (`.ci/programs`), and finding them.

use std::path::{Path, PathBuf};

/// `.ci/programs`, compiled in so a test binary needs no path to the repository.
const LIST: &str = include_str!("../../../.ci/programs");

/// One line of `.ci/programs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The program's file name, as a test or script starts it.
    pub name: String,
    /// What installs it: a Debian package, `cargo:NAME@VERSION`, or `-` (a prerequisite).
    pub package: String,
    /// A folder to look in besides the PATH (`~` is the home folder).
    pub dir: Option<String>,
}

/// Every program on the list, in its order.
pub fn listed() -> Vec<Listed> {
    parse(LIST).unwrap_or_else(|e| panic!(".ci/programs: {e}"))
}

/// Parses the list's text: `program package [dir]` per line, `#` starts a comment.
pub fn parse(text: &str) -> Result<Vec<Listed>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let (name, package, dir) = match words[..] {
            [name, package] => (name, package, None),
            [name, package, dir] => (name, package, Some(dir.to_string())),
            _ => {
                return Err(format!(
                    "line {}: expected `program package [dir]`, found `{line}`",
                    i + 1
                ))
            }
        };
        if out.iter().any(|p: &Listed| p.name == name) {
            return Err(format!("line {}: `{name}` is listed twice", i + 1));
        }
        out.push(Listed {
            name: name.to_string(),
            package: package.to_string(),
            dir,
        });
    }
    Ok(out)
}

/// Whether `name` is on the list.
pub fn is_listed(name: &str) -> bool {
    listed().iter().any(|p| p.name == name)
}

/// The path of a listed program, or why there is none: not on the list (add it, with its
/// package), or not installed (install the package, as `.ci/setup` does).
pub fn find(name: &str) -> Result<PathBuf, String> {
    let Some(entry) = listed().into_iter().find(|p| p.name == name) else {
        return Err(format!(
            "a test starts `{name}`, which is not in .ci/programs: add it there with the Debian \
             package that installs it, so that .ci/setup installs it on a fresh machine"
        ));
    };
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(dir) = &entry.dir {
        dirs.push(expand_home(dir, home.as_deref()));
    }
    if entry.package.starts_with("cargo:") {
        if let Some(cargo_home) = std::env::var_os("CARGO_HOME") {
            dirs.push(PathBuf::from(cargo_home).join("bin"));
        }
        if let Some(home) = &home {
            dirs.push(home.join(".cargo/bin"));
        }
    }
    if let Some(found) = dirs.iter().map(|d| d.join(name)).find(|p| is_executable(p)) {
        return Ok(found);
    }
    Err(match entry.package.as_str() {
        "-" => format!("`{name}` is not installed: it is a prerequisite (Rust and Node)"),
        p if p.starts_with("cargo:") => {
            let (krate, version) = p["cargo:".len()..].split_once('@').unwrap_or((p, ""));
            format!(
                "`{name}` is not installed: `cargo install {krate} --locked --version {version}` \
                 (.ci/setup does)"
            )
        }
        p => format!(
            "`{name}` is not installed: `apt-get install {p}` (.ci/setup installs every package \
             in .ci/programs)"
        ),
    })
}

/// The path of a program a test starts; panics with what to do when it is not on the list
/// or not installed.
pub fn program(name: &str) -> PathBuf {
    find(name).unwrap_or_else(|e| panic!("{e}"))
}

fn expand_home(dir: &str, home: Option<&Path>) -> PathBuf {
    match (dir.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(dir),
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_parses_and_names_what_installs_each_program() {
        let all = listed();
        assert!(all
            .iter()
            .any(|p| p.name == "xdotool" && p.package == "xdotool"));
        assert!(all.iter().all(|p| !p.package.is_empty()));
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = parse("ok pkg\n\nthis has too many words\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
        let err = parse("a x\na y\n").unwrap_err();
        assert!(err.contains("`a` is listed twice"), "{err}");
    }

    #[test]
    fn an_unlisted_program_is_refused_with_what_to_do() {
        let err = find("surely-not-a-listed-program").unwrap_err();
        assert!(err.contains("not in .ci/programs"), "{err}");
    }
}
