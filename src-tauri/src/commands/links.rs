//! Commands for links: a web link clicked in a preview opens in the system's browser,
//! never inside the app.

use tauri::{AppHandle, Runtime};
use tauri_plugin_opener::OpenerExt;
use verdict_core::{ApiError, ErrorCode};

/// Opens an http(s) link in the system's browser. Anything else (`javascript:`, `file:`,
/// custom schemes) is refused, so a link in untrusted content cannot start a program.
#[tauri::command(async)]
pub fn open_link<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), ApiError> {
    if let Some(problem) = verdict_core::validate::url_problem(&url) {
        return Err(ApiError::at(
            ErrorCode::Invalid,
            "url",
            format!("the link {problem}"),
        ));
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        ApiError::new(
            ErrorCode::Opener,
            format!("the browser could not be opened: {e}"),
        )
    })
}

/// Checks every link of the page `slug` over HTTP (tool links, fact sources, links in its
/// Markdown), politely and with timeouts, reusing results from the last day; resolves to what
/// was found. Broken links then show in the page's checks.
#[tauri::command]
pub async fn check_links(
    state: tauri::State<'_, crate::state::AppState>,
    slug: String,
) -> Result<verdict_core::desk::LinkReport, ApiError> {
    let options = verdict_core::facts::check::LinkCheckOptions::default();
    Ok(state.desk()?.check_links(Some(&slug), options).await?)
}
