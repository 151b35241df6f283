//! Writes `ui/src/lib/contract.ts`: the command list and each command's typed arguments and
//! result, one wrapper per command over `call` (ipc.ts), the events with their payloads and one
//! subscriber each, and the shell's own types.

use crate::rust_types::Types;
use crate::signatures::{camel, Arg, Signature};

/// Names a JavaScript parameter may not have.
const RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "let",
    "static",
    "await",
];

/// An event as the contract declares it, its payload already in TypeScript.
pub struct EventTs {
    pub key: String,
    pub name: String,
    pub payload: String,
    pub doc: String,
}

fn js_name(key: &str) -> String {
    if RESERVED.contains(&key) {
        format!("{key}_")
    } else {
        key.to_string()
    }
}

/// `lines` as a JSDoc comment (nothing for none); a `*/` inside cannot end it early.
fn jsdoc(lines: &[String]) -> String {
    let lines: Vec<String> = lines.iter().map(|l| l.replace("*/", "*\\/")).collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("/** {one} */\n"),
        many => {
            let mut out = String::from("/**\n");
            for l in many {
                if l.is_empty() {
                    out.push_str(" *\n");
                } else {
                    out.push_str(&format!(" * {l}\n"));
                }
            }
            out.push_str(" */\n");
            out
        }
    }
}

/// The arguments' object type, `void` for none.
fn args_type(args: &[Arg]) -> String {
    if args.is_empty() {
        return "void".into();
    }
    let fields: Vec<String> = args
        .iter()
        .map(|a| format!("{}{}: {}", a.key, if a.optional { "?" } else { "" }, a.ts))
        .collect();
    format!("{{ {} }}", fields.join("; "))
}

fn wrapper(s: &Signature) -> String {
    // Only trailing `Option` parameters may be left out of the call.
    let required = s
        .args
        .iter()
        .rposition(|a| !a.optional)
        .map_or(0, |i| i + 1);
    let params: Vec<String> = s
        .args
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let q = if i >= required { "?" } else { "" };
            format!("{}{q}: {}", js_name(&a.key), a.ts)
        })
        .collect();
    let sent = if s.args.is_empty() {
        String::new()
    } else {
        let fields: Vec<String> = s
            .args
            .iter()
            .map(|a| {
                let js = js_name(&a.key);
                if js == a.key {
                    js
                } else {
                    format!("{}: {js}", a.key)
                }
            })
            .collect();
        format!(", {{ {} }}", fields.join(", "))
    };
    format!(
        "{}export function {}({}): Promise<{}> {{\n  return call('{}'{sent});\n}}\n",
        jsdoc(&s.docs),
        camel(&s.name),
        params.join(", "),
        s.result,
        s.name
    )
}

/// Identifiers in a TypeScript declaration, to import the binding types it refers to.
fn identifiers(ts: &str) -> impl Iterator<Item = &str> {
    ts.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// The whole of `ui/src/lib/contract.ts`.
pub fn contract_ts(
    commands: &[Signature],
    events: &[EventTs],
    shell_decls: &[String],
    types: &Types,
) -> String {
    let mut imports = types.used.clone();
    for d in shell_decls {
        for w in identifiers(d) {
            if types.bindings.contains(w) {
                imports.insert(w.to_string());
            }
        }
    }
    imports.retain(|t| types.bindings.contains(t));
    let mut ts = String::from(
        "// Generated from the command functions in src-tauri/src/commands/ and the table in\n\
         // src-tauri/src/contract.rs by `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test\n\
         // contract`. Do not edit: change the Rust function and generate again.\n\n\
         import { call, follow } from './ipc';\n",
    );
    if !imports.is_empty() {
        ts.push_str("import type {\n");
        for t in &imports {
            ts.push_str(&format!("  {t},\n"));
        }
        ts.push_str("} from './bindings';\n");
    }
    ts.push_str("\n// ----- The shell's own types -----\n\n");
    for d in shell_decls {
        ts.push_str(&format!("export {d}\n\n"));
    }
    ts.push_str("/** Every command the webview may call. */\nexport const COMMANDS = [\n");
    for c in commands {
        ts.push_str(&format!("  '{}',\n", c.name));
    }
    ts.push_str(
        "] as const;\n\nexport type Command = (typeof COMMANDS)[number];\n\n\
         /** Each command's arguments (as `invoke` sends them; `void`: none) and result. */\n\
         export interface Commands {\n",
    );
    for c in commands {
        ts.push_str(&format!(
            "  {}: {{ args: {}; result: {} }};\n",
            c.name,
            args_type(&c.args),
            c.result
        ));
    }
    ts.push_str("}\n\n/** The events the app sends to the webview. */\nexport const EVENTS = {\n");
    for e in events {
        ts.push_str(&format!("  {}: '{}',\n", e.key, e.name));
    }
    ts.push_str(
        "} as const;\n\nexport type AppEvent = (typeof EVENTS)[keyof typeof EVENTS];\n\n\
         /** Each event's payload. */\nexport interface EventPayloads {\n",
    );
    for e in events {
        ts.push_str(&format!("  '{}': {};\n", e.name, e.payload));
    }
    ts.push_str("}\n\n// ----- One wrapper per command -----\n");
    for c in commands {
        ts.push('\n');
        ts.push_str(&wrapper(c));
    }
    ts.push_str(
        "\n// ----- One subscriber per event: stop following with the returned function -----\n",
    );
    for e in events {
        let mut key = camel(&e.key);
        if let Some(first) = key.get(..1) {
            key = format!("{}{}", first.to_uppercase(), &key[1..]);
        }
        ts.push('\n');
        ts.push_str(&jsdoc(std::slice::from_ref(&e.doc)));
        ts.push_str(&format!(
            "export function on{key}(handler: (payload: {}) => void): () => void {{\n  \
             return follow(EVENTS.{}, handler);\n}}\n",
            e.payload, e.key
        ));
    }
    ts
}
