//! The desktop shell: opens the desk, registers the IPC commands, runs the window.

mod commands;
mod state;

use state::AppState;

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
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::desk::desk_overview,
            commands::desk::search,
            commands::desk::preview_comparison,
            commands::desk::preview_draft,
            commands::desk::get_comparison,
            commands::desk::save_comparison,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Verdict Desk");
}
