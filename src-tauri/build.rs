#[allow(dead_code)]
mod contract {
    include!("src/contract.rs");
}
use contract::COMMANDS;

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/src/contract.rs");
    // The handler list `lib.rs` registers, from the contract: a command named there without
    // its function fails to compile.
    let handlers: Vec<String> = COMMANDS
        .iter()
        .map(|(module, name)| format!("crate::commands::{module}::{name}"))
        .collect();
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(
        out.join("handlers.rs"),
        format!(
            "tauri::generate_handler![\n    {}\n]\n",
            handlers.join(",\n    ")
        ),
    )
    .expect("write the handler list");
    // tauri-build wants the list for the whole build: a build script may leak it.
    let names: &'static [&'static str] =
        Vec::leak(COMMANDS.iter().map(|(_, name)| *name).collect());
    // tauri-build does not watch a custom capabilities path: without this, an edited
    // capability would not reach the binary until a clean build.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // Declaring the contract's commands makes each one a permission, so the capability file can
    // grant the webview exactly these and nothing else.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build script");
}
