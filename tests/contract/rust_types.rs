//! Rust types as TypeScript, with the names ts-rs gives them: what a command's parameters
//! and result, and an event's payload, are in `ui/src/lib/contract.ts`.

use std::collections::BTreeSet;

use syn::{GenericArgument, PathArguments, Type};

/// The TypeScript types a signature may name, and those it did name.
pub struct Types<'a> {
    /// The exports of `ui/src/lib/bindings.ts`.
    pub bindings: &'a BTreeSet<String>,
    /// The shell's own declared types (written into contract.ts itself).
    pub shell: &'a BTreeSet<String>,
    pub used: BTreeSet<String>,
}

impl Types<'_> {
    pub fn new<'a>(bindings: &'a BTreeSet<String>, shell: &'a BTreeSet<String>) -> Types<'a> {
        Types {
            bindings,
            shell,
            used: BTreeSet::new(),
        }
    }
}

/// The names `export type X` declares in a ts-rs output.
pub fn exported_types(ts: &str) -> BTreeSet<String> {
    ts.lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|rest| rest.split([' ', '<', '=']).next())
        .map(str::to_string)
        .collect()
}

/// A Rust type as written, for messages.
pub fn rust_text(ty: &Type) -> String {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| {
                let args = match &s.arguments {
                    PathArguments::AngleBracketed(a) => {
                        let inner: Vec<String> = a
                            .args
                            .iter()
                            .map(|g| match g {
                                GenericArgument::Type(t) => rust_text(t),
                                GenericArgument::Lifetime(l) => format!("'{}", l.ident),
                                _ => "_".into(),
                            })
                            .collect();
                        format!("<{}>", inner.join(", "))
                    }
                    _ => String::new(),
                };
                format!("{}{args}", s.ident)
            })
            .collect::<Vec<_>>()
            .join("::"),
        Type::Reference(r) => format!("&{}", rust_text(&r.elem)),
        Type::Slice(s) => format!("[{}]", rust_text(&s.elem)),
        Type::Array(a) => format!("[{}; _]", rust_text(&a.elem)),
        Type::Tuple(t) => format!(
            "({})",
            t.elems.iter().map(rust_text).collect::<Vec<_>>().join(", ")
        ),
        Type::Paren(p) => rust_text(&p.elem),
        Type::Group(g) => rust_text(&g.elem),
        _ => "an unsupported type".into(),
    }
}

pub fn type_args(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => last_ident(&r.elem),
        _ => None,
    }
}

/// The TypeScript of a Rust type, with the names ts-rs gives: `Option<T>` → `T | null`,
/// sequences → `Array<T>`, maps → `{ [key in K]?: V }`, numbers → `number` (JSON numbers
/// reach the webview as numbers, whatever their width), `()` → `null`.
pub fn ts_type(ty: &Type, types: &mut Types) -> Result<String, String> {
    let unsupported = || {
        format!(
            "the type `{}` cannot cross IPC as written: use a named type with a TypeScript export",
            rust_text(ty)
        )
    };
    match ty {
        Type::Reference(r) => ts_type(&r.elem, types),
        Type::Paren(p) => ts_type(&p.elem, types),
        Type::Group(g) => ts_type(&g.elem, types),
        Type::Slice(s) => Ok(format!("Array<{}>", ts_type(&s.elem, types)?)),
        Type::Array(a) => Ok(format!("Array<{}>", ts_type(&a.elem, types)?)),
        Type::Tuple(t) if t.elems.is_empty() => Ok("null".into()),
        Type::Tuple(t) => {
            let parts: Result<Vec<String>, String> =
                t.elems.iter().map(|e| ts_type(e, types)).collect();
            Ok(format!("[{}]", parts?.join(", ")))
        }
        Type::Path(p) if p.qself.is_none() => {
            let seg = p.path.segments.last().ok_or_else(unsupported)?;
            let name = seg.ident.to_string();
            let args = type_args(seg);
            let one = |types: &mut Types| -> Result<String, String> {
                match args.as_slice() {
                    [t] => ts_type(t, types),
                    _ => Err(unsupported()),
                }
            };
            let first_segment = p.path.segments.first().map(|s| s.ident.to_string());
            match name.as_str() {
                "String" | "str" | "char" | "PathBuf" | "Path" | "DateTime" | "NaiveDate" => {
                    Ok("string".into())
                }
                "bool" => Ok("boolean".into()),
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
                | "i128" | "isize" | "f32" | "f64" => Ok("number".into()),
                "Option" => Ok(format!("{} | null", one(types)?)),
                "Vec" | "VecDeque" | "HashSet" | "BTreeSet" => {
                    Ok(format!("Array<{}>", one(types)?))
                }
                "Box" | "Arc" | "Rc" => one(types),
                "Cow" => one(types),
                "HashMap" | "BTreeMap" => match args.as_slice() {
                    [k, v] => Ok(format!(
                        "{{ [key in {}]?: {} }}",
                        ts_type(k, types)?,
                        ts_type(v, types)?
                    )),
                    _ => Err(unsupported()),
                },
                "Value"
                    if first_segment.as_deref() == Some("serde_json")
                        || p.path.segments.len() == 1 =>
                {
                    Ok("unknown".into())
                }
                _ if !args.is_empty() => Err(format!(
                    "the generic type `{}` has no TypeScript name here: give the command a \
                     named type",
                    rust_text(ty)
                )),
                _ if types.bindings.contains(&name) || types.shell.contains(&name) => {
                    types.used.insert(name.clone());
                    Ok(name)
                }
                _ => Err(format!(
                    "the type `{}` has no TypeScript export: derive `ts_rs::TS` on it and \
                     declare it (a core type in src-tauri/core/tests/bindings.rs, then \
                     `UPDATE_BINDINGS=1 cargo test -p verdict-core --test bindings`; a shell \
                     type in `shell_types()` of tests/contract.rs)",
                    rust_text(ty)
                )),
            }
        }
        _ => Err(unsupported()),
    }
}
