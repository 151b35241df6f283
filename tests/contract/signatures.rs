//! The commands as their functions declare them: each `#[tauri::command]` fn of a command
//! module read with `syn` (its documentation, the parameters the webview sends, its result).

use syn::{FnArg, Item, ItemFn, Pat, ReturnType, Type};

use crate::rust_types::{last_ident, rust_text, ts_type, type_args, Types};

/// Parameters Tauri fills in itself: the webview never sends them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// Parameters the generator cannot type for the webview: refused with a message.
const UNSUPPORTED: &[&str] = &["Channel", "Request", "CommandScope", "GlobalScope"];

/// One argument as the webview sends it.
#[derive(Debug)]
pub struct Arg {
    /// The key `invoke` sends it under (camelCase unless the command says otherwise).
    pub key: String,
    pub ts: String,
    /// `Option<T>`: Tauri reads a missing key as `None`.
    pub optional: bool,
}

/// One command as its function declares it.
#[derive(Debug)]
pub struct Signature {
    pub name: String,
    pub docs: Vec<String>,
    pub args: Vec<Arg>,
    pub result: String,
}

fn is_command(f: &ItemFn) -> bool {
    f.attrs.iter().any(|a| {
        let segs: Vec<String> = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        segs == ["tauri", "command"] || segs == ["command"]
    })
}

/// The command attribute's arguments as text (`async, rename_all = "snake_case"`).
fn command_options(f: &ItemFn) -> String {
    f.attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::List(l) if l.path.segments.last().is_some_and(|s| s.ident == "command") => {
                Some(l.tokens.to_string())
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn docs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|l| l.strip_prefix(' ').unwrap_or(&l).trim_end().to_string())
        .collect()
}

/// `desk_overview` → `deskOverview`: the key Tauri reads an argument under, and a wrapper's name.
pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `T` of a `Result<T, ApiError>`.
fn ok_type(ret: &ReturnType) -> Option<&Type> {
    let ReturnType::Type(_, ty) = ret else {
        return None;
    };
    let Type::Path(p) = ty.as_ref() else {
        return None;
    };
    let seg = p.path.segments.last()?;
    if seg.ident != "Result" {
        return None;
    }
    match type_args(seg).as_slice() {
        [ok, err] if last_ident(err).as_deref() == Some("ApiError") => Some(ok),
        _ => None,
    }
}

/// The signature of command `f`, or every problem with it (each naming the command).
fn signature(file: &str, f: &ItemFn, types: &mut Types) -> Result<Signature, Vec<String>> {
    let name = f.sig.ident.to_string();
    let at = |what: String| format!("{file}: command `{name}`: {what}");
    let mut problems = Vec::new();
    let options = command_options(f);
    if options.contains("rename =") || options.contains("rename=") {
        problems.push(at(
            "a renamed command is not supported: name the function as the \
                          command"
                .into(),
        ));
    }
    let snake = options.contains("snake_case");
    let mut args = Vec::new();
    for input in &f.sig.inputs {
        let FnArg::Typed(pt) = input else {
            problems.push(at("a command takes no `self`".into()));
            continue;
        };
        let ident = last_ident(&pt.ty).unwrap_or_default();
        if INJECTED.contains(&ident.as_str()) {
            continue;
        }
        let param = match pt.pat.as_ref() {
            Pat::Ident(i) => i.ident.to_string().trim_start_matches("r#").to_string(),
            _ => {
                problems.push(at(
                    "each parameter the webview sends needs a plain name".into()
                ));
                continue;
            }
        };
        if UNSUPPORTED.contains(&ident.as_str()) {
            problems.push(at(format!(
                "parameter `{param}`: `{}` is not supported by the generated client",
                rust_text(&pt.ty)
            )));
            continue;
        }
        match ts_type(&pt.ty, types) {
            Ok(ts) => args.push(Arg {
                key: if snake { param.clone() } else { camel(&param) },
                optional: ident == "Option",
                ts,
            }),
            Err(e) => problems.push(at(format!("parameter `{param}`: {e}"))),
        }
    }
    let result = match ok_type(&f.sig.output) {
        Some(Type::Tuple(t)) if t.elems.is_empty() => "void".to_string(),
        Some(ok) => match ts_type(ok, types) {
            Ok(ts) => ts,
            Err(e) => {
                problems.push(at(format!("result: {e}")));
                String::new()
            }
        },
        None => {
            problems.push(at(
                "must return `Result<T, ApiError>`, so every failure reaches \
                              the webview as an ApiError"
                    .into(),
            ));
            String::new()
        }
    };
    if problems.is_empty() {
        Ok(Signature {
            name,
            docs: docs(&f.attrs),
            args,
            result,
        })
    } else {
        Err(problems)
    }
}

/// The signatures of the commands `names` in `source` (the file `file`), in that order. A
/// name without a command function there, and a command function the names leave out, are
/// problems too.
pub fn signatures(
    file: &str,
    source: &str,
    names: &[&str],
    types: &mut Types,
) -> Result<Vec<Signature>, Vec<String>> {
    let parsed = syn::parse_file(source).map_err(|e| vec![format!("{file}: {e}")])?;
    let commands: Vec<&ItemFn> = parsed
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Fn(f) if is_command(f) => Some(f),
            _ => None,
        })
        .collect();
    let mut problems = Vec::new();
    for f in &commands {
        let name = f.sig.ident.to_string();
        if !names.contains(&name.as_str()) {
            problems.push(format!(
                "{file}: `{name}` is a command the contract does not list: add it to \
                 src-tauri/src/contract.rs or drop its #[tauri::command]"
            ));
        }
    }
    let mut out = Vec::new();
    for name in names {
        match commands.iter().find(|f| f.sig.ident == name) {
            None => problems.push(format!("{file}: no #[tauri::command] fn `{name}`")),
            Some(f) => match signature(file, f, types) {
                Ok(s) => out.push(s),
                Err(p) => problems.extend(p),
            },
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
