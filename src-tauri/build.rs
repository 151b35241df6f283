fn main() {
    // tauri-build does not watch a custom capabilities path: without this, an edited
    // capability would not reach the binary until a clean build.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // Declaring the app's commands makes each one a permission, so the capability file can
    // grant the webview exactly these and nothing else.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "desk_overview",
                "search",
                "desk_info",
                "my_work",
                "preview_comparison",
                "preview_draft",
                "get_comparison",
                "save_comparison",
                "create_comparison",
                "page_action",
                "get_tool",
                "save_tool",
                "create_tool",
                "preview_tool",
                "get_reviewer",
                "save_reviewer",
                "create_reviewer",
                "coverage",
                "get_verdict",
                "save_verdict",
                "verdict_action",
                "history",
                "restore_revision",
                "list_profiles",
                "save_profile",
                "get_site",
                "save_site",
                "choose_bundle_file",
                "import_plan",
                "choose_folder",
                "import_bundle",
                "export_bundle",
                "open_link",
                "close_when_saved",
                "publishing_view",
                "add_target",
                "remove_target",
                "test_target",
                "publish_pages",
                "unpublish_pages",
                "retry_job",
                "get_conflict",
                "resolve_conflict",
                "pull_votes",
                "recovery_offer",
                "restore_backup",
            ])),
    )
    .expect("tauri build script");
}
