//! The IPC contract (`src-tauri/src/contract.rs`) against everything that repeats it: the
//! capability, the generated `ui/src/lib/contract.ts`, the wrappers in `ui/src/lib/api.ts`
//! and the UI's fake backends. `build.rs` generates the handler list and the permissions from
//! the same table, so a command there without its function does not compile.
//!
//! `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test contract` rewrites the generated
//! files (contract.ts and the capability's permission list).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use verdict_desk_lib::contract::{COMMANDS, EVENTS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The permissions the capability grants for these commands, plus listening for events.
fn permissions(commands: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    out.push("core:event:allow-listen".into());
    out.push("core:event:allow-unlisten".into());
    out
}

/// `ui/src/lib/contract.ts` as the contract generates it.
fn contract_ts(commands: &[&str], events: &[(&str, &str)]) -> String {
    let mut ts = String::from(
        "// Generated from src-tauri/src/contract.rs by\n\
         // `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test contract`. Do not edit.\n\n\
         /** Every command the webview may call. */\n\
         export const COMMANDS = [\n",
    );
    for c in commands {
        ts.push_str(&format!("  '{c}',\n"));
    }
    ts.push_str(
        "] as const;\n\nexport type Command = (typeof COMMANDS)[number];\n\n\
         /** The events the app sends to the webview. */\nexport const EVENTS = {\n",
    );
    for (key, name) in events {
        ts.push_str(&format!("  {key}: '{name}',\n"));
    }
    ts.push_str("} as const;\n\nexport type AppEvent = (typeof EVENTS)[keyof typeof EVENTS];\n");
    ts
}

/// The names a fake backend answers: the `case '…':` labels directly inside its
/// `switch (cmd) { … }` blocks (a nested switch, on a page action say, is not a command).
fn fake_cases(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, marker) in source.match_indices("switch (cmd) {") {
        let body = &source[at + marker.len()..];
        let mut depth = 1;
        let mut i = 0;
        let bytes = body.as_bytes();
        while i < bytes.len() && depth > 0 {
            match bytes[i] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b'c' if depth == 1 && body[i..].starts_with("case '") => {
                    let rest = &body[i + 6..];
                    if let Some(end) = rest.find('\'') {
                        out.insert(rest[..end].to_string());
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// The command names `api.ts` calls: the first argument of `call(` / `call<T>(`.
fn api_calls(api_ts: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in api_ts.match_indices("call") {
        let before = api_ts[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &api_ts[at + 4..];
        let rest = match rest.strip_prefix('<') {
            // Skip the type argument, which may nest `<>`.
            Some(mut r) => {
                let mut depth = 1;
                while depth > 0 {
                    let Some(c) = r.chars().next() else { break };
                    depth += match c {
                        '<' => 1,
                        '>' => -1,
                        _ => 0,
                    };
                    r = &r[c.len_utf8()..];
                }
                r
            }
            None => rest,
        };
        let Some(rest) = rest.strip_prefix("('") else {
            continue;
        };
        if let Some(end) = rest.find('\'') {
            names.insert(rest[..end].to_string());
        }
    }
    names
}

/// Every way the files disagree with a contract of `commands`; empty when in step.
fn drift(
    commands: &[&str],
    capability: &Value,
    generated_ts: &str,
    api_ts: &str,
    fakes: &[(String, String)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let granted: Vec<String> = capability["permissions"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if granted != permissions(commands) {
        problems.push(format!(
            "the capability grants {granted:?}, the contract needs {:?}",
            permissions(commands)
        ));
    }
    if generated_ts != contract_ts(commands, EVENTS) {
        problems.push("ui/src/lib/contract.ts differs from the contract".into());
    }
    let wanted: BTreeSet<String> = commands.iter().map(|c| c.to_string()).collect();
    let called = api_calls(api_ts);
    for missing in wanted.difference(&called) {
        problems.push(format!("api.ts has no wrapper calling `{missing}`"));
    }
    for extra in called.difference(&wanted) {
        problems.push(format!(
            "api.ts calls `{extra}`, which the contract does not have"
        ));
    }
    for (file, source) in fakes {
        for case in fake_cases(source) {
            if !wanted.contains(&case) {
                problems.push(format!(
                    "{file} answers `{case}`, which the contract does not have"
                ));
            }
        }
    }
    problems
}

struct Files {
    capability_path: PathBuf,
    capability: Value,
    ts_path: PathBuf,
    ts: String,
    api_ts: String,
    fakes: Vec<(String, String)>,
}

fn files() -> Files {
    let capability_path = root().join("src-tauri/capabilities/default.json");
    let ts_path = root().join("ui/src/lib/contract.ts");
    let mut fakes = Vec::new();
    for entry in std::fs::read_dir(root().join("ui/src/test")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("fake") && name.ends_with(".ts") {
            fakes.push((name, read(&path)));
        }
    }
    assert!(!fakes.is_empty(), "no fake backends found in ui/src/test");
    Files {
        capability: serde_json::from_str(&read(&capability_path)).unwrap(),
        capability_path,
        ts: std::fs::read_to_string(&ts_path).unwrap_or_default(),
        ts_path,
        api_ts: read(&root().join("ui/src/lib/api.ts")),
        fakes,
    }
}

fn names() -> Vec<&'static str> {
    COMMANDS.iter().map(|(_, c)| *c).collect()
}

#[test]
fn every_list_of_commands_follows_the_contract() {
    let mut f = files();
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::write(&f.ts_path, contract_ts(&names(), EVENTS)).unwrap();
        f.capability["permissions"] = permissions(&names()).into();
        let mut json = serde_json::to_string_pretty(&f.capability).unwrap();
        json.push('\n');
        std::fs::write(&f.capability_path, json).unwrap();
        f = files();
    }
    let problems = drift(&names(), &f.capability, &f.ts, &f.api_ts, &f.fakes);
    assert!(
        problems.is_empty(),
        "the IPC contract drifted (run `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test \
         contract` for the generated files; api.ts and the fakes are written by hand):\n- {}",
        problems.join("\n- ")
    );
}

#[test]
fn a_command_missing_from_any_list_is_found() {
    let f = files();
    let all = names();
    assert!(drift(&all, &f.capability, &f.ts, &f.api_ts, &f.fakes).is_empty());

    // A command added to the contract but to nothing else: capability, contract.ts and
    // api.ts all report it.
    let mut more = all.clone();
    more.push("brand_new_command");
    let found = drift(&more, &f.capability, &f.ts, &f.api_ts, &f.fakes);
    assert!(found.iter().any(|p| p.contains("capability")), "{found:?}");
    assert!(found.iter().any(|p| p.contains("contract.ts")), "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.contains("no wrapper calling `brand_new_command`")),
        "{found:?}"
    );

    // A command dropped from the contract while api.ts and a fake still use it.
    let dropped = "get_comparison";
    let fewer: Vec<&str> = all.iter().copied().filter(|c| *c != dropped).collect();
    let found = drift(&fewer, &f.capability, &f.ts, &f.api_ts, &f.fakes);
    assert!(found.iter().any(|p| p.contains("capability")), "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.contains("api.ts calls `get_comparison`")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("answers `get_comparison`")),
        "{found:?}"
    );
}

#[test]
fn events_are_subscribed_only_through_api_ts() {
    let mut offenders = Vec::new();
    let mut stack = vec![root().join("ui/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !(name.ends_with(".ts") || name.ends_with(".svelte")) {
                continue;
            }
            let source = read(&path);
            let test =
                name.contains(".test.") || path.components().any(|c| c.as_os_str() == "test");
            let own = name == "api.ts" || name == "contract.ts";
            if !own && !test && source.contains("@tauri-apps/api/event") {
                offenders.push(path.display().to_string());
            }
            if !own
                && !test
                && EVENTS
                    .iter()
                    .any(|(_, e)| source.contains(&format!("'{e}'")))
            {
                offenders.push(format!("{} (an event name as a literal)", path.display()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "listen to events through the functions in ui/src/lib/api.ts: {offenders:?}"
    );
}
