//! The one app state: the open desk, or why it could not be opened.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use verdict_core::secrets::SecretStore;
use verdict_core::{ApiError, Desk};

pub struct AppState {
    desk: Result<Desk, ApiError>,
    data_dir: std::path::PathBuf,
    closing: AtomicBool,
    /// Where publishing targets' secrets and the team password live: the system keyring,
    /// and (the team password) this session's memory.
    secrets: Arc<dyn SecretStore>,
    /// Wakes the publishing worker when something was queued.
    publisher: Arc<tokio::sync::Notify>,
    /// The team desk's live sync.
    live: Arc<verdict_core::team::Live>,
}

impl AppState {
    /// Opens the desk and loads the sample on first start. A desk that cannot be opened (a
    /// newer or foreign database, an unwritable folder) is reported on every command instead
    /// of crashing, so the window can explain what happened.
    pub fn open(data_dir: &Path) -> AppState {
        // A team password typed in this session is held in memory until the app closes,
        // whatever the keyring does: a desk without a keyring still syncs until then.
        let secrets =
            verdict_core::secrets::SessionSecrets::new(verdict_core::secrets::system_secrets());
        AppState::open_with(data_dir, Arc::new(secrets))
    }

    /// Like [`AppState::open`], with the secrets kept in `secrets` (the IPC tests keep them
    /// in memory).
    pub fn open_with(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> AppState {
        let desk = Desk::open(data_dir)
            .map_err(ApiError::from)
            .inspect(|desk| match desk.seed_sample_if_empty() {
                Ok(Some(report)) => tracing::info!(%report, "sample content loaded"),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "sample content could not be loaded"),
            })
            .inspect(|desk| match desk.ensure_profiles() {
                Ok(0) => {}
                Ok(n) => tracing::info!(profiles = n, "default profiles created"),
                Err(e) => tracing::error!(error = %e, "default profiles could not be created"),
            });
        match &desk {
            Ok(_) => tracing::info!(data_dir = %data_dir.display(), "desk open"),
            Err(e) => tracing::error!(error = %e, "desk unavailable"),
        }
        AppState {
            desk,
            data_dir: data_dir.to_path_buf(),
            closing: AtomicBool::new(false),
            secrets,
            publisher: Arc::new(tokio::sync::Notify::new()),
            live: Arc::default(),
        }
    }

    /// True the first time the window is asked to close; later requests go straight through.
    pub fn begin_close(&self) -> bool {
        !self.closing.swap(true, Ordering::SeqCst)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        self.secrets.clone()
    }

    /// Asks the publishing worker to run the queue now.
    pub fn wake_publisher(&self) {
        self.publisher.notify_one();
    }

    pub(crate) fn publisher_signal(&self) -> Arc<tokio::sync::Notify> {
        self.publisher.clone()
    }

    /// The team desk's live sync: its status, and the bell that makes it sync now.
    pub fn live(&self) -> Arc<verdict_core::team::Live> {
        self.live.clone()
    }

    pub fn desk(&self) -> Result<&Desk, ApiError> {
        self.desk.as_ref().map_err(Clone::clone)
    }
}
