//! The IPC contract against everything generated from it: `ui/src/lib/contract.ts` (each
//! command's typed arguments, result and wrapper, read from the command functions in
//! `src-tauri/src/commands/`; the events' payloads; the shell's own types), the capability's
//! permissions, and the UI's fake backends answering through the typed `answerWith`. `build.rs` generates the handler list and the permissions from
//! the same table, so a command listed without its function does not compile.
//!
//! `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test contract` rewrites the generated
//! files; without it, the test fails when a committed file differs from a fresh generation.

#[path = "contract/rust_types.rs"]
mod rust_types;
#[path = "contract/signatures.rs"]
mod signatures;
#[path = "contract/write_ts.rs"]
mod write_ts;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use ts_rs::{Config, TS};
use verdict_desk_lib::commands::{files::FilePurpose, team::Keep};
use verdict_desk_lib::contract::{COMMANDS, EVENTS};

use rust_types::Types;
use write_ts::EventTs;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shell's own types that cross IPC, as ts-rs declares them (`type X = …;`). A type of
/// the shell used in a command signature goes here, or the generation names it as missing.
fn shell_types() -> Vec<(String, String)> {
    let cfg = Config::new();
    vec![
        (FilePurpose::name(&cfg), FilePurpose::decl(&cfg)),
        (Keep::name(&cfg), Keep::decl(&cfg)),
    ]
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

/// The sources the client is generated from: `(file, source)` of each command module.
fn command_sources() -> Vec<(String, String)> {
    let dir = root().join("src-tauri/src/commands");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| p.file_name().is_some_and(|n| n != "mod.rs"))
        .map(|p| {
            let file = format!("commands/{}", p.file_name().unwrap().to_string_lossy());
            (file, read(&p))
        })
        .collect();
    out.sort();
    out
}

/// `ui/src/lib/contract.ts` for the contract `commands` over these sources, or every problem
/// found on the way (each naming its file, command and parameter).
fn generate(
    commands: &[(&str, &str)],
    sources: &[(String, String)],
    bindings_ts: &str,
) -> Result<String, Vec<String>> {
    let bindings = rust_types::exported_types(bindings_ts);
    let shell = shell_types();
    let shell_names: BTreeSet<String> = shell.iter().map(|(n, _)| n.clone()).collect();
    let mut types = Types::new(&bindings, &shell_names);
    let mut problems = Vec::new();
    let mut found = BTreeMap::new();
    for (file, source) in sources {
        let module = file.trim_start_matches("commands/").trim_end_matches(".rs");
        let names: Vec<&str> = commands
            .iter()
            .filter(|(m, _)| *m == module)
            .map(|(_, c)| *c)
            .collect();
        match signatures::signatures(file, source, &names, &mut types) {
            Ok(sigs) => found.extend(sigs.into_iter().map(|s| (s.name.clone(), s))),
            Err(p) => problems.extend(p),
        }
    }
    for (module, name) in commands {
        if !sources
            .iter()
            .any(|(f, _)| *f == format!("commands/{module}.rs"))
        {
            problems.push(format!("`{name}`: there is no commands/{module}.rs"));
        }
    }
    let mut events = Vec::new();
    for e in EVENTS {
        let payload = syn::parse_str::<syn::Type>(e.payload)
            .map_err(|err| err.to_string())
            .and_then(|ty| rust_types::ts_type(&ty, &mut types));
        match payload {
            Ok(payload) => events.push(EventTs {
                key: e.key.into(),
                name: e.name.into(),
                payload,
                doc: e.doc.into(),
            }),
            Err(err) => problems.push(format!("event `{}`: payload: {err}", e.name)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let sigs: Vec<signatures::Signature> = commands
        .iter()
        .filter_map(|(_, c)| found.remove(*c))
        .collect();
    let decls: Vec<String> = shell.into_iter().map(|(_, d)| d).collect();
    Ok(write_ts::contract_ts(&sigs, &events, &decls, &types))
}

/// Every way the committed files disagree with the contract `commands`; empty when in step.
fn drift(commands: &[(&str, &str)], f: &Files) -> Vec<String> {
    let names: Vec<&str> = commands.iter().map(|(_, c)| *c).collect();
    let mut problems = Vec::new();
    let granted: Vec<String> = f.capability["permissions"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if granted != permissions(&names) {
        problems.push(format!(
            "the capability grants {granted:?}, the contract needs {:?}",
            permissions(&names)
        ));
    }
    match generate(commands, &f.sources, &f.bindings) {
        Ok(ts) if ts == f.ts => {}
        Ok(_) => problems.push("ui/src/lib/contract.ts differs from a fresh generation".into()),
        Err(found) => problems.extend(found),
    }
    // The fakes are typed by the generated contract (ui/src/test/answers.ts): the UI's type
    // check then fails on a fake answering a command that is gone or with a stale shape. A
    // fake that dispatches on the name by hand would escape that.
    for (file, source) in &f.fakes {
        if !source.contains("answerWith(") || source.contains("switch (cmd)") {
            problems.push(format!(
                "ui/src/test/{file}: answer commands through `answerWith` (ui/src/test/answers.ts), \
                 typed by contract.ts, not by switching on the command's name"
            ));
        }
    }
    problems
}

struct Files {
    capability_path: PathBuf,
    capability: Value,
    ts_path: PathBuf,
    ts: String,
    bindings: String,
    sources: Vec<(String, String)>,
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
        bindings: read(&root().join("ui/src/lib/bindings.ts")),
        sources: command_sources(),
        fakes,
    }
}

#[test]
fn the_generated_client_and_capability_follow_the_commands() {
    let mut f = files();
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        let ts = generate(COMMANDS, &f.sources, &f.bindings)
            .unwrap_or_else(|p| panic!("the contract cannot be generated:\n- {}", p.join("\n- ")));
        std::fs::write(&f.ts_path, ts).unwrap();
        let names: Vec<&str> = COMMANDS.iter().map(|(_, c)| *c).collect();
        f.capability["permissions"] = permissions(&names).into();
        let mut json = serde_json::to_string_pretty(&f.capability).unwrap();
        json.push('\n');
        std::fs::write(&f.capability_path, json).unwrap();
        f = files();
    }
    let problems = drift(COMMANDS, &f);
    assert!(
        problems.is_empty(),
        "the IPC contract drifted (fix what is named, then run `UPDATE_CONTRACT=1 cargo test \
         -p verdict-desk --test contract` to generate contract.ts and the capability again; \
         the fakes in ui/src/test are written by hand):\n- {}",
        problems.join("\n- ")
    );
}

#[test]
fn a_command_missing_from_the_contract_or_its_function_is_found() {
    let mut f = files();
    assert!(drift(COMMANDS, &f).is_empty());

    // Listed in the contract without a function: the capability and the generation say so.
    let mut more = COMMANDS.to_vec();
    more.push(("desk", "brand_new_command"));
    let found = drift(&more, &f);
    assert!(found.iter().any(|p| p.contains("capability")), "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.contains("commands/desk.rs: no #[tauri::command] fn `brand_new_command`")),
        "{found:?}"
    );

    // A command function the contract leaves out.
    let fewer: Vec<(&str, &str)> = COMMANDS
        .iter()
        .copied()
        .filter(|(_, c)| *c != "get_comparison")
        .collect();
    let found = drift(&fewer, &f);
    assert!(found.iter().any(|p| p.contains("capability")), "{found:?}");
    assert!(
        found.iter().any(|p| p.contains(
            "commands/comparisons.rs: `get_comparison` is a command the contract does not list"
        )),
        "{found:?}"
    );

    // A fake that dispatches on the command's name by hand escapes the typed answers.
    f.fakes.push((
        "fakeByHand.ts".into(),
        "invoke.mockImplementation(async (cmd: string) => { switch (cmd) { case 'get_tool': return null; } });"
            .into(),
    ));
    let found = drift(COMMANDS, &f);
    assert!(
        found
            .iter()
            .any(|p| p
                .starts_with("ui/src/test/fakeByHand.ts: answer commands through `answerWith`")),
        "{found:?}"
    );
}

/// A small command module, with `slug` of type `slug_type`.
fn fixture(slug_type: &str) -> Vec<(String, String)> {
    let source = format!(
        "use tauri::State;\n\
         /// The stored tool.\n\
         #[tauri::command(async)]\n\
         pub fn get_tool(state: State<'_, AppState>, slug: {slug_type}) -> Result<Tool, ApiError> {{\n\
             Ok(state.desk()?.tool(&slug)?)\n\
         }}\n\
         #[tauri::command(async)]\n\
         pub fn publish_pages(state: State<'_, AppState>, profile: String, target: Option<String>, \
             page_slugs: Vec<String>, keep: Keep) -> Result<(), ApiError> {{ Ok(()) }}\n"
    );
    vec![("commands/tools.rs".to_string(), source)]
}

const FIXTURE: &[(&str, &str)] = &[("tools", "get_tool"), ("tools", "publish_pages")];

/// The binding types the fixture and the events name.
const FIXTURE_BINDINGS: &str = "export type Tool = { slug: string, };\n\
    export type Progress = { sent: number, };\n\
    export type LiveStatus = { state: string, };\n\
    export type TeamEdit = { key: string, };\n\
    export type Presence = { login: string, };\n\
    export type VerifyReport = { receipts: number, };\n\
    export type DeskChanges = { generation: number, };\n\
    export type WorkPlace = { kind: string, };\n";

#[test]
fn a_parameter_type_change_changes_the_generated_client() {
    let bindings = FIXTURE_BINDINGS;
    let as_string = generate(FIXTURE, &fixture("String"), bindings).unwrap();
    assert!(
        as_string.contains(
            "/** The stored tool. */\nexport function getTool(slug: string): Promise<Tool> {\n  \
             return call('get_tool', { slug });\n}"
        ),
        "{as_string}"
    );
    assert!(
        as_string.contains("get_tool: { args: { slug: string }; result: Tool };"),
        "{as_string}"
    );
    // Arguments go by their camelCase names; the shell's `Keep` is declared in the file.
    assert!(
        as_string.contains(
            "export function publishPages(profile: string, target: string | null, pageSlugs: \
             Array<string>, keep: Keep): Promise<void> {\n  return call('publish_pages', { \
             profile, target, pageSlugs, keep });"
        ),
        "{as_string}"
    );
    assert!(as_string.contains("export type Keep = "), "{as_string}");
    assert!(
        as_string.contains(
            "import type {\n  DeskChanges,\n  LiveStatus,\n  Presence,\n  Progress,\n  TeamEdit,\n  \
             Tool,\n  VerifyReport,\n  WorkPlace,\n}"
        ),
        "{as_string}"
    );

    let as_number = generate(FIXTURE, &fixture("u32"), bindings).unwrap();
    assert_ne!(as_string, as_number);
    assert!(
        as_number.contains("export function getTool(slug: number): Promise<Tool>"),
        "{as_number}"
    );
    let optional = generate(FIXTURE, &fixture("Option<u32>"), bindings).unwrap();
    assert!(
        optional.contains("export function getTool(slug?: number | null): Promise<Tool>"),
        "{optional}"
    );
}

#[test]
fn a_type_without_a_typescript_export_is_named() {
    let bindings = FIXTURE_BINDINGS;
    let problems = generate(FIXTURE, &fixture("Mystery"), bindings).unwrap_err();
    assert!(
        problems.iter().any(|p| p.starts_with(
            "commands/tools.rs: command `get_tool`: parameter `slug`: the type `Mystery` has no \
             TypeScript export"
        )),
        "{problems:?}"
    );
    // The result's type too, and a result that is not `Result<T, ApiError>`.
    let problems = generate(FIXTURE, &fixture("String"), "").unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`get_tool`: result: the type `Tool` has no TypeScript export")),
        "{problems:?}"
    );
    let mut plain = fixture("String");
    plain[0].1 = plain[0].1.replace("Result<Tool, ApiError>", "Tool");
    let problems = generate(FIXTURE, &plain, bindings).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`get_tool`: must return `Result<T, ApiError>`")),
        "{problems:?}"
    );
}

#[test]
fn the_shells_types_accept_what_their_typescript_declares() {
    let decls: Vec<String> = shell_types().into_iter().map(|(_, d)| d).collect();
    assert!(decls.contains(
        &r#"type Keep = { "keep": "mine" } | { "keep": "theirs" } | { "keep": "edited", "value": unknown };"#
            .to_string()
    ), "{decls:?}");
    assert!(
        decls.contains(&r#"type FilePurpose = "import" | "export";"#.to_string()),
        "{decls:?}"
    );
    // Each shape the UI may send, as the command reads it.
    for keep in [
        serde_json::json!({ "keep": "mine" }),
        serde_json::json!({ "keep": "theirs" }),
        serde_json::json!({ "keep": "edited", "value": ["any", 1] }),
    ] {
        serde_json::from_value::<Keep>(keep.clone()).unwrap_or_else(|e| panic!("{keep}: {e}"));
    }
    for purpose in ["import", "export"] {
        serde_json::from_value::<FilePurpose>(purpose.into()).unwrap();
    }
}

#[test]
fn events_are_subscribed_only_through_the_client() {
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
            let own = ["api.ts", "contract.ts", "ipc.ts"].contains(&name.as_str());
            if !own && !test && source.contains("@tauri-apps/api/event") {
                offenders.push(path.display().to_string());
            }
            if !own
                && !test
                && EVENTS
                    .iter()
                    .any(|e| source.contains(&format!("'{}'", e.name)))
            {
                offenders.push(format!("{} (an event name as a literal)", path.display()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "listen to events through the `on…` functions of ui/src/lib/api.ts: {offenders:?}"
    );
}
