//! The desktop shell: opens the desk, registers the IPC commands, runs the window.

mod commands;
mod publisher;
mod state;

use std::time::Duration;

pub use state::AppState;
use tauri::{Emitter, Manager, Runtime};

/// The commands the webview may call. `build.rs` declares the same list (each becomes a
/// permission) and the capability grants exactly these; a test keeps the three in step.
macro_rules! app_commands {
    () => {
        tauri::generate_handler![
            commands::desk::desk_overview,
            commands::desk::search,
            commands::desk::desk_info,
            commands::desk::my_work,
            commands::comparisons::preview_comparison,
            commands::comparisons::preview_draft,
            commands::comparisons::get_comparison,
            commands::comparisons::save_comparison,
            commands::comparisons::create_comparison,
            commands::comparisons::page_action,
            commands::tools::get_tool,
            commands::tools::save_tool,
            commands::tools::create_tool,
            commands::tools::preview_tool,
            commands::reviewers::get_reviewer,
            commands::reviewers::save_reviewer,
            commands::reviewers::create_reviewer,
            commands::reviewers::coverage,
            commands::reviewers::get_verdict,
            commands::reviewers::save_verdict,
            commands::reviewers::verdict_action,
            commands::history::history,
            commands::history::restore_revision,
            commands::settings::list_profiles,
            commands::settings::save_profile,
            commands::settings::get_site,
            commands::settings::save_site,
            commands::files::choose_bundle_file,
            commands::files::import_plan,
            commands::files::choose_folder,
            commands::files::import_bundle,
            commands::files::export_bundle,
            commands::links::open_link,
            commands::window::close_when_saved,
            commands::publishing::publishing_view,
            commands::publishing::add_target,
            commands::publishing::remove_target,
            commands::publishing::test_target,
            commands::publishing::publish_pages,
            commands::publishing::unpublish_pages,
            commands::publishing::retry_job,
            commands::publishing::get_conflict,
            commands::publishing::resolve_conflict,
            commands::publishing::pull_votes,
            commands::recovery::recovery_offer,
            commands::recovery::restore_backup,
        ]
    };
}

/// How long a close waits for the UI to save what is pending before the window closes anyway.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// The event the UI receives when the window is asked to close.
pub const CLOSE_REQUESTED_EVENT: &str = "close-requested";

/// Starts the app. The data folder is the core's default (shared with the `verdict` CLI),
/// or `VERDICT_DATA_DIR` when set.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VERDICT_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let data_dir = std::env::var_os("VERDICT_DATA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(verdict_core::default_data_dir);
    let state = AppState::open(&data_dir);
    with_desk(tauri::Builder::default(), state)
        .run(tauri::generate_context!())
        .expect("error while running Verdict Desk");
}

/// Everything the app adds to a Tauri builder: plugins, the desk, the commands and the
/// close handling. Shared by `run` and the IPC tests (which use Tauri's mock runtime).
pub fn with_desk<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(navigation_guard())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .manage(state)
        .setup(|app| {
            publisher::start(app.handle().clone());
            start_backups(app.handle().clone());
            Ok(())
        })
        .invoke_handler(app_commands!())
        .on_window_event(|window, event| {
            // Hold the close until the UI has saved the form being edited: it listens for
            // the event, saves, and calls `close_when_saved`. A UI that does not answer
            // (hung, or not loaded) does not keep the window open past the grace period.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let state = window.state::<AppState>();
                if state.begin_close() {
                    api.prevent_close();
                    let _ = window.emit_to(window.label(), CLOSE_REQUESTED_EVENT, ());
                    let window = window.clone();
                    std::thread::spawn(move || {
                        std::thread::sleep(CLOSE_GRACE);
                        tracing::warn!("the window did not confirm saving in time; closing");
                        let _ = window.destroy();
                    });
                }
            }
        })
}

/// Takes an automatic backup when the newest is a day old, checking every hour while the app
/// runs (backups rotate: the last 10 are kept).
fn start_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    const EVERY: Duration = Duration::from_secs(24 * 3600);
    tauri::async_runtime::spawn(async move {
        loop {
            let handle = app.clone();
            let taken = tauri::async_runtime::spawn_blocking(move || {
                let state = handle.state::<AppState>();
                let desk = state.desk().ok()?;
                let result =
                    verdict_core::backup::backup_if_due(&desk.store(), desk.data_dir(), EVERY);
                Some(result)
            })
            .await;
            match taken {
                Ok(Some(Ok(Some(file)))) => {
                    tracing::info!(backup = %file.display(), "automatic backup taken")
                }
                Ok(Some(Err(e))) => tracing::error!(error = %e, "automatic backup failed"),
                Ok(None) => return, // no desk open: nothing to back up
                _ => {}
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

/// Keeps every webview on the app's own pages: no link, form or script in content can take
/// the window (or the preview frame) to another origin. Links go to the system's browser
/// through `open_link` instead.
fn navigation_guard<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| {
            let allowed = is_own_page(url);
            if !allowed {
                tracing::warn!(%url, "navigation away from the app refused");
            }
            allowed
        })
        .build()
}

/// The app's own pages: the bundled UI, `about:` documents (the preview's `srcdoc`), and the
/// Vite dev server when the app is built without its bundled UI.
pub fn is_own_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "about" => true,
        "http" | "https" => {
            url.host_str() == Some("tauri.localhost")
                || (tauri::is_dev() && url.host_str() == Some("localhost"))
        }
        _ => false,
    }
}
