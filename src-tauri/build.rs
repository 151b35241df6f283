fn main() {
    // Declaring the app's commands makes each one a permission, so the capability file can
    // grant the webview exactly these and nothing else.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "desk_overview",
                "search",
                "preview_comparison",
                "preview_draft",
                "get_comparison",
                "save_comparison",
            ])),
    )
    .expect("tauri build script");
}
