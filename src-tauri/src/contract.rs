// The app's IPC contract: every command the webview may call and every event it may hear.
//
// This table is the one place a command is named. From it:
// - `build.rs` declares each command as a permission and writes the handler list that
//   `lib.rs` registers (`generate_handler!`), so a command here without a function in
//   `commands::<module>` fails the build;
// - the test in `tests/contract.rs` keeps the capability, the generated
//   `ui/src/lib/contract.ts` (its `Command` and event names type `api.ts`), the typed
//   wrappers in `api.ts` and the UI's fake backend in step, and fails on any drift.
//
// Adding a command: one line here, its function in `src-tauri/src/commands/<module>.rs`
// over a core function, then `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test contract`
// (rewrites contract.ts and the capability) and its wrapper in `ui/src/lib/api.ts`.
//
// `build.rs` includes this file, so it holds plain data only.

/// `(module, command)`: the command's function is `commands::<module>::<command>`.
pub const COMMANDS: &[(&str, &str)] = &[
    ("desk", "desk_overview"),
    ("desk", "search"),
    ("desk", "desk_info"),
    ("desk", "my_work"),
    ("comparisons", "preview_draft"),
    ("comparisons", "get_comparison"),
    ("comparisons", "save_comparison"),
    ("comparisons", "create_comparison"),
    ("comparisons", "page_action"),
    ("comparisons", "allowed_actions"),
    ("tools", "get_tool"),
    ("tools", "save_tool"),
    ("tools", "create_tool"),
    ("tools", "preview_tool"),
    ("reviewers", "get_reviewer"),
    ("reviewers", "save_reviewer"),
    ("reviewers", "create_reviewer"),
    ("reviewers", "coverage"),
    ("reviewers", "get_verdict"),
    ("reviewers", "save_verdict"),
    ("reviewers", "verdict_action"),
    ("history", "history"),
    ("history", "restore_revision"),
    ("settings", "list_profiles"),
    ("settings", "save_profile"),
    ("settings", "get_site"),
    ("settings", "save_site"),
    ("files", "choose_bundle_file"),
    ("files", "import_plan"),
    ("files", "choose_folder"),
    ("files", "import_bundle"),
    ("files", "export_bundle"),
    ("links", "open_link"),
    ("media", "choose_image_file"),
    ("media", "add_media_file"),
    ("media", "add_media"),
    ("media", "media_catalog"),
    ("media", "media_entry"),
    ("media", "media_thumbnail"),
    ("media", "set_media_text"),
    ("media", "remove_media"),
    ("media", "replace_media"),
    ("window", "close_when_saved"),
    ("publishing", "publishing_view"),
    ("publishing", "add_target"),
    ("publishing", "remove_target"),
    ("publishing", "test_target"),
    ("publishing", "publish_pages"),
    ("publishing", "unpublish_pages"),
    ("publishing", "retry_job"),
    ("publishing", "get_conflict"),
    ("publishing", "resolve_conflict"),
    ("publishing", "pull_votes"),
    ("publishing", "newsletter_preview"),
    ("publishing", "export_newsletter"),
    ("publishing", "share_card"),
    ("recovery", "recovery_offer"),
    ("recovery", "restore_backup"),
    ("team", "team_status"),
    ("team", "team_join"),
    ("team", "team_sign_in"),
    ("team", "team_leave"),
    ("team", "team_sync_now"),
    ("team", "team_conflicts"),
    ("team", "team_resolve"),
    ("team", "team_members"),
    ("team", "team_add_member"),
    ("team", "team_disable_member"),
];

/// `(name in TypeScript, event name)`: the events the app sends to the webview.
pub const EVENTS: &[(&str, &str)] = &[
    // The window was asked to close: the UI saves what is pending, then calls
    // `close_when_saved`. No payload.
    ("closeRequested", CLOSE_REQUESTED),
    // A publishing attempt settled; payload `Progress`.
    ("publishProgress", PUBLISH_PROGRESS),
    // The publishing queue is settled; payload `Progress`.
    ("publishSettled", PUBLISH_SETTLED),
    // Where the desk stands with its team; payload `LiveStatus`.
    ("teamStatus", TEAM_STATUS),
    // Other members' changes, applied here; payload `TeamEdit[]`.
    ("teamEdits", TEAM_EDITS),
];

pub const CLOSE_REQUESTED: &str = "close-requested";
pub const PUBLISH_PROGRESS: &str = "publish-progress";
pub const PUBLISH_SETTLED: &str = "publish-settled";
pub const TEAM_STATUS: &str = "team-status";
pub const TEAM_EDITS: &str = "team-edits";
