// The app's IPC contract: every command the webview may call and every event it may hear.
//
// A command is declared once: its line here names it, and its function in
// `src-tauri/src/commands/<module>.rs` says everything else (arguments, result, docs).
// From these two:
// - `build.rs` declares each command as a permission and writes the handler list that
//   `lib.rs` registers (`generate_handler!`), so a command here without a function in
//   `commands::<module>` fails the build;
// - `tests/contract.rs` reads each command function's signature (`syn`) and generates
//   `ui/src/lib/contract.ts`: the typed argument and result of every command, one typed
//   wrapper per command (`api.ts` re-exports them), the events' payload types and the
//   shell's own IPC types; it also writes the capability's permission list. The test fails
//   when a committed file differs from a fresh generation, or when a signature uses a type
//   with no TypeScript export (derive `ts_rs::TS`: core types are listed in
//   `core/tests/bindings.rs`, the shell's in `tests/contract.rs`). The UI's fake backends
//   answer through `answerWith` (`ui/src/test/answers.ts`), typed by the same generated map.
//
// Adding a command: one line here, its function in `src-tauri/src/commands/<module>.rs`
// over a core function (`-> Result<T, ApiError>`, its `///` docs become the wrapper's), then
// `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test contract`. The UI calls the generated
// wrapper (`import { theCommand } from './lib/api'`); api.ts only adds conveniences.
//
// `build.rs` includes this file, so it holds plain data only.

/// `(module, command)`: the command's function is `commands::<module>::<command>`.
pub const COMMANDS: &[(&str, &str)] = &[
    ("desk", "desk_overview"),
    ("desk", "desk_overview_first"),
    ("desk", "desk_rows"),
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
    ("comments", "page_comments"),
    ("comments", "entity_comments"),
    ("comments", "add_comment"),
    ("comments", "reply_comment"),
    ("comments", "resolve_comment"),
    ("comments", "comment_counts"),
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
    ("links", "check_links"),
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
    ("receipts", "receipts"),
    ("receipts", "verify_pages"),
    ("receipts", "republish_missing"),
    ("receipts", "mark_unpublished"),
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
    ("team", "team_set_presence"),
    ("team", "team_presence"),
    ("calendar", "calendar"),
    ("calendar", "assign_page"),
    ("calendar", "reschedule_page"),
    ("notices", "notice_switches"),
    ("notices", "set_notice_switch"),
];

/// An event the app sends to the webview.
pub struct Event {
    /// Its key in the UI's `EVENTS` (and `on<Key>` subscriber in contract.ts).
    pub key: &'static str,
    /// The name it is emitted under.
    pub name: &'static str,
    /// The Rust type of its payload, written as in a command signature and mapped the same way.
    pub payload: &'static str,
    /// What it means to the UI: the subscriber's doc comment.
    pub doc: &'static str,
}

/// The events the app sends to the webview.
pub const EVENTS: &[Event] = &[
    Event {
        key: "closeRequested",
        name: CLOSE_REQUESTED,
        payload: "()",
        doc: "The window was asked to close: save what is pending, then call `closeWhenSaved`.",
    },
    Event {
        key: "publishProgress",
        name: PUBLISH_PROGRESS,
        payload: "Progress",
        doc: "A publishing attempt settled.",
    },
    Event {
        key: "publishSettled",
        name: PUBLISH_SETTLED,
        payload: "Progress",
        doc: "The publishing queue is settled (sent after every look at the queue).",
    },
    Event {
        key: "receiptsChanged",
        name: RECEIPTS_CHANGED,
        payload: "VerifyReport",
        doc: "Pages were read back from their targets (after a run, or the background check): \
              the receipts of the pages checked.",
    },
    Event {
        key: "teamStatus",
        name: TEAM_STATUS,
        payload: "LiveStatus",
        doc: "The desk's standing with its team changed.",
    },
    Event {
        key: "teamEdits",
        name: TEAM_EDITS,
        payload: "Vec<TeamEdit>",
        doc: "Other members' changes reached this desk.",
    },
    Event {
        key: "teamPresence",
        name: TEAM_PRESENCE,
        payload: "Vec<Presence>",
        doc: "Where the other members are changed: who has which page or form open, typing where.",
    },
    Event {
        key: "deskChanged",
        name: DESK_CHANGED,
        payload: "DeskChanges",
        doc: "The desk's content changed (here, from the team, an import, the publishing queue): \
              what changed, by kind and key; read the rows it touches with `deskRows`.",
    },
    Event {
        key: "noticeOpened",
        name: NOTICE_OPENED,
        payload: "Option<WorkPlace>",
        doc: "A desktop notification was clicked: open its place (none: My work).",
    },
];

pub const CLOSE_REQUESTED: &str = "close-requested";
pub const NOTICE_OPENED: &str = "notice-opened";
pub const PUBLISH_PROGRESS: &str = "publish-progress";
pub const PUBLISH_SETTLED: &str = "publish-settled";
pub const RECEIPTS_CHANGED: &str = "receipts-changed";
pub const TEAM_STATUS: &str = "team-status";
pub const TEAM_EDITS: &str = "team-edits";
pub const TEAM_PRESENCE: &str = "team-presence";
pub const DESK_CHANGED: &str = "desk-changed";
