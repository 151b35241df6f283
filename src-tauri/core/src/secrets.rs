//! Credentials of publishing targets: only in the system keyring, or given at run time.
//!
//! A secret (an API token, a WordPress application password) belongs to the operating system's
//! keyring — the Secret Service on Linux, reached over the session D-Bus — under the service
//! [`SERVICE`] with the target's name as the account. It is never written to the SQLite store,
//! an export, a bundle or a log, and no error message of this module contains it.
//!
//! Stores, all behind [`SecretStore`]:
//! - [`Keyring`]: the system keyring alone.
//! - [`EnvSecrets`]: the documented fallback when no Secret Service runs (a headless server, CI):
//!   the secret is read at run time from `VERDICT_SECRET_<TARGET>` (see [`env_var_name`]) and is
//!   never stored; [`SecretStore::set`] fails with [`SecretError::NoKeyring`].
//! - [`SystemSecrets`] (what [`system_secrets`] returns): the keyring first, the environment
//!   variable when the keyring has nothing or cannot be reached.
//! - [`MemorySecrets`]: in memory, for tests and the IPC mock.
//! - [`SessionSecrets`]: another store, plus what the running app was told to hold for its
//!   session ([`SecretStore::hold`]): a team password typed where no keyring runs still works
//!   until the app closes, and is then gone.
//!
//! # Blocking
//! Every call is synchronous and may wait for a D-Bus round trip (tens of milliseconds; up to the
//! D-Bus timeout of 25 s if the keyring hangs). Calling from inside a tokio runtime is safe — it
//! cannot panic: [`Keyring`] then does its D-Bus work on a short-lived helper thread (the keyring
//! crate's blocking API would panic inside a runtime if zbus were built with its `tokio`
//! feature) — but it blocks the calling worker thread meanwhile. From async code prefer
//! [`get_async`], [`set_async`] and [`delete_async`], which run the call on tokio's blocking
//! pool.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

/// The keyring service under which every Verdict Desk secret is stored; the account is the
/// target's name.
pub const SERVICE: &str = "com.verdictdesk.desk";

/// The prefix of the environment variables that give secrets at run time.
pub const ENV_PREFIX: &str = "VERDICT_SECRET_";

/// Where secrets of publishing targets are kept. `target` is the target's name.
pub trait SecretStore: Send + Sync {
    /// The secret of `target`, or `None` when none is stored.
    fn get(&self, target: &str) -> Result<Option<String>, SecretError>;
    /// Stores (or replaces) the secret of `target`.
    fn set(&self, target: &str, secret: &str) -> Result<(), SecretError>;
    /// Removes the secret of `target`; removing one that is not there is not an error.
    fn delete(&self, target: &str) -> Result<(), SecretError>;
    /// Where the secrets are, for people: "system keyring (Secret Service) …".
    fn describe(&self) -> String;
    /// Keeps `secret` for `target` in this process's memory for as long as the store lives
    /// (the app's session), whatever the keyring does; [`SecretStore::get`] answers it first.
    /// Stores that live no longer than one command (the CLI's) have no session to keep it
    /// for: the default keeps nothing.
    fn hold(&self, _target: &str, _secret: &str) {}
}

/// What was being done to a secret when it failed; part of the error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretAction {
    Store,
    Read,
    Delete,
}

impl SecretAction {
    fn past(self) -> &'static str {
        match self {
            SecretAction::Store => "stored",
            SecretAction::Read => "read",
            SecretAction::Delete => "deleted",
        }
    }
    fn verb(self) -> &'static str {
        match self {
            SecretAction::Store => "store",
            SecretAction::Read => "read",
            SecretAction::Delete => "delete",
        }
    }
}

impl fmt::Display for SecretAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.verb())
    }
}

/// Why a secret could not be read, stored or deleted. No variant holds or prints the secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// No keyring could be reached: nothing answered for the Secret Service on the session
    /// D-Bus (or there is no session bus at all).
    #[error(
        "no Secret Service answered on the session D-Bus, so the secret of target \"{target}\" \
         was NOT {past}. Start a keyring that provides the Secret Service in this session \
         (for example gnome-keyring, or KeePassXC with its Secret Service integration switched on) \
         and try again, or give the secret at run time in the environment variable {env_var} \
         (it is then read from there and never stored){detail}",
        past = .action.past(),
        detail = parenthesised(.detail)
    )]
    NoKeyring {
        target: String,
        action: SecretAction,
        /// `VERDICT_SECRET_<TARGET>`, see [`env_var_name`].
        env_var: String,
        /// What the D-Bus layer said, for diagnosis; may be empty.
        detail: String,
    },
    /// The keyring answered but refused: it is locked, or an unlock prompt was dismissed or
    /// could not be shown.
    #[error(
        "the keyring refused to {action} the secret of target \"{target}\": it is locked or the \
         unlock prompt was dismissed; unlock the keyring (for example the \"Login\" keyring) and \
         try again, or give the secret at run time in {env_var}{detail}",
        env_var = env_var_name(.target),
        detail = parenthesised(.detail)
    )]
    Locked {
        target: String,
        action: SecretAction,
        detail: String,
    },
    /// The keyring holds more than one item for the target.
    #[error(
        "the keyring holds {count} items for target \"{target}\" under service {service}; \
         remove the extra ones (for example with Seahorse or `secret-tool clear`) and try again"
    )]
    Ambiguous {
        target: String,
        service: String,
        count: usize,
    },
    /// The stored secret is not text.
    #[error("the secret stored for target \"{target}\" is not UTF-8 text; store it again")]
    BadEncoding { target: String },
    /// The target name cannot be used as a keyring account.
    #[error("\"{target}\" cannot name a secret: {reason}")]
    InvalidTarget { target: String, reason: String },
    /// Any other failure of the keyring.
    #[error("the keyring failed to {action} the secret of target \"{target}\": {detail}")]
    Backend {
        target: String,
        action: SecretAction,
        detail: String,
    },
}

fn parenthesised(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

/// The environment variable that gives `target`'s secret at run time: `VERDICT_SECRET_`
/// followed by the name upper-cased, with `-` (and any other character that is not an ASCII
/// letter, digit or `_`) turned into `_`. `"wp-main"` → `VERDICT_SECRET_WP_MAIN`.
pub fn env_var_name(target: &str) -> String {
    let mut name = String::with_capacity(ENV_PREFIX.len() + target.len());
    name.push_str(ENV_PREFIX);
    name.extend(target.chars().map(|c| {
        if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase()
        } else {
            '_'
        }
    }));
    name
}

fn check_target(target: &str) -> Result<(), SecretError> {
    let reason = if target.trim().is_empty() {
        "the name is empty"
    } else if target.chars().any(char::is_control) {
        "the name contains control characters"
    } else if target.len() > 255 {
        "the name is longer than 255 bytes"
    } else {
        return Ok(());
    };
    Err(SecretError::InvalidTarget {
        target: target.escape_debug().to_string(),
        reason: reason.to_string(),
    })
}

// ---------------------------------------------------------------------------------------------
// Keyring
// ---------------------------------------------------------------------------------------------

/// The operating system's keyring through the `keyring` crate: the Secret Service over the
/// session D-Bus on Linux (pure Rust, no libdbus), the Keychain on macOS, the Credential Manager
/// on Windows. Service [`SERVICE`], account = the target's name.
///
/// On Linux the bus is the one in `DBUS_SESSION_BUS_ADDRESS` (read at every call; without it,
/// `$XDG_RUNTIME_DIR/bus`). Items go to the default collection (the "Login" keyring).
#[derive(Debug, Clone)]
pub struct Keyring {
    service: String,
}

impl Default for Keyring {
    fn default() -> Self {
        Self::new()
    }
}

impl Keyring {
    /// The keyring under Verdict Desk's service name, [`SERVICE`].
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// The keyring under another service name (tests, or a second installation).
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// The service name the secrets are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, target: &str, action: SecretAction) -> Result<keyring::Entry, SecretError> {
        check_target(target)?;
        keyring::Entry::new(&self.service, target).map_err(|e| self.error(e, target, action))
    }

    /// Turns a keyring error into ours, never carrying what the keyring error may hold of the
    /// secret (`BadEncoding` holds the stored bytes).
    fn error(&self, err: keyring::Error, target: &str, action: SecretAction) -> SecretError {
        let target_s = target.to_string();
        match err {
            keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e)
                if unreachable(e.as_ref()) =>
            {
                SecretError::NoKeyring {
                    target: target_s,
                    action,
                    env_var: env_var_name(target),
                    detail: error_chain(e.as_ref()),
                }
            }
            keyring::Error::NoStorageAccess(e) => SecretError::Locked {
                target: target_s,
                action,
                detail: error_chain(e.as_ref()),
            },
            keyring::Error::PlatformFailure(e) => SecretError::Backend {
                target: target_s,
                action,
                detail: error_chain(e.as_ref()),
            },
            keyring::Error::Ambiguous(items) => SecretError::Ambiguous {
                target: target_s,
                service: self.service.clone(),
                count: items.len(),
            },
            keyring::Error::BadEncoding(_) => SecretError::BadEncoding { target: target_s },
            keyring::Error::TooLong(attr, limit) => SecretError::InvalidTarget {
                target: target_s,
                reason: format!("its {attr} is longer than the keyring's limit of {limit}"),
            },
            keyring::Error::Invalid(attr, reason) => SecretError::InvalidTarget {
                target: target_s,
                reason: format!("{attr}: {reason}"),
            },
            keyring::Error::NoEntry => SecretError::Backend {
                target: target_s,
                action,
                detail: "no such item".to_string(),
            },
            // A variant added later: its text might hold anything, so it is not shown.
            _ => SecretError::Backend {
                target: target_s,
                action,
                detail: "unexpected keyring error".to_string(),
            },
        }
    }
}

/// Whether a keyring failure means that no Secret Service could be reached at all (as opposed
/// to one that answered and refused): no session bus, a dead bus, or nobody owning
/// `org.freedesktop.secrets` on it.
fn unreachable(err: &(dyn std::error::Error + 'static)) -> bool {
    const MARKS: &[&str] = &[
        // secret-service's Error::Unavailable (no bus address, socket not there).
        "no secret service provider or dbus session found",
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.NoServer",
        "org.freedesktop.DBus.Error.Disconnected",
        // Activation of a Secret Service that is installed but cannot start.
        "org.freedesktop.DBus.Error.Spawn",
    ];
    let mut next = Some(err);
    while let Some(e) = next {
        // zbus keeps its I/O errors in an `Arc`.
        let io = e.downcast_ref::<std::io::Error>().or_else(|| {
            e.downcast_ref::<Arc<std::io::Error>>()
                .map(|arc| arc.as_ref())
        });
        if let Some(io) = io {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                NotFound
                    | ConnectionRefused
                    | ConnectionReset
                    | ConnectionAborted
                    | NotConnected
                    | BrokenPipe
                    | PermissionDenied
                    | AddrNotAvailable
                    | UnexpectedEof
            ) {
                return true;
            }
        }
        let text = e.to_string();
        if MARKS.iter().any(|m| text.contains(m)) {
            return true;
        }
        next = e.source();
    }
    false
}

/// `a: b: c` for an error and its sources, skipping a source whose text its parent already
/// shows.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut next = err.source();
    while let Some(e) = next {
        let text = e.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = e.source();
    }
    out
}

/// Runs `f` so that the keyring crate's blocking calls cannot panic inside a tokio runtime.
///
/// We build zbus 4 (under `secret-service`) with `async-io`, whose `block_on` works anywhere.
/// But Cargo unifies features: should anything in the build enable zbus 4's `tokio` feature
/// (or `keyring/tokio`), zbus's blocking API switches to `Runtime::block_on` on a private
/// runtime, which panics with "Cannot start a runtime from within a runtime" on a thread that
/// drives a runtime. So on such a thread the call goes to a scoped helper thread instead.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|scope| match scope.spawn(f).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

impl SecretStore for Keyring {
    fn get(&self, target: &str) -> Result<Option<String>, SecretError> {
        let action = SecretAction::Read;
        let entry = self.entry(target, action)?;
        match off_runtime(|| entry.get_password()) {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.error(e, target, action)),
        }
    }

    fn set(&self, target: &str, secret: &str) -> Result<(), SecretError> {
        let action = SecretAction::Store;
        let entry = self.entry(target, action)?;
        off_runtime(|| entry.set_password(secret)).map_err(|e| self.error(e, target, action))
    }

    fn delete(&self, target: &str) -> Result<(), SecretError> {
        let action = SecretAction::Delete;
        let entry = self.entry(target, action)?;
        match off_runtime(|| entry.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.error(e, target, action)),
        }
    }

    fn describe(&self) -> String {
        let system = if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(target_os = "windows") {
            "Windows Credential Manager"
        } else {
            "system keyring (Secret Service on the session D-Bus)"
        };
        format!("{system}, service {}", self.service)
    }
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

/// Secrets given at run time in `VERDICT_SECRET_<TARGET>` (see [`env_var_name`]); nothing is
/// ever stored. An empty variable counts as unset. [`SecretStore::set`] fails with
/// [`SecretError::NoKeyring`]; [`SecretStore::delete`] has nothing to remove and succeeds.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvSecrets;

impl EnvSecrets {
    pub fn new() -> Self {
        Self
    }
}

impl SecretStore for EnvSecrets {
    fn get(&self, target: &str) -> Result<Option<String>, SecretError> {
        check_target(target)?;
        Ok(std::env::var(env_var_name(target))
            .ok()
            .filter(|s| !s.is_empty()))
    }

    fn set(&self, target: &str, _secret: &str) -> Result<(), SecretError> {
        check_target(target)?;
        Err(SecretError::NoKeyring {
            target: target.to_string(),
            action: SecretAction::Store,
            env_var: env_var_name(target),
            detail: "secrets come from the environment only".to_string(),
        })
    }

    fn delete(&self, target: &str) -> Result<(), SecretError> {
        check_target(target)
    }

    fn describe(&self) -> String {
        format!("environment variables {ENV_PREFIX}<TARGET> (nothing stored)")
    }
}

// ---------------------------------------------------------------------------------------------
// System: keyring, then environment
// ---------------------------------------------------------------------------------------------

/// The store the app and the CLI use: the [`Keyring`] first; on `get`, the environment variable
/// `VERDICT_SECRET_<TARGET>` when the keyring has no secret for the target or cannot be reached
/// (its error is returned only when the variable is not set either). `set` and `delete` go to
/// the keyring alone: without a Secret Service `set` fails with [`SecretError::NoKeyring`].
#[derive(Debug, Clone, Default)]
pub struct SystemSecrets {
    keyring: Keyring,
    env: EnvSecrets,
}

impl SystemSecrets {
    pub fn new() -> Self {
        Self::with_keyring(Keyring::new())
    }

    pub fn with_keyring(keyring: Keyring) -> Self {
        Self {
            keyring,
            env: EnvSecrets,
        }
    }
}

impl SecretStore for SystemSecrets {
    fn get(&self, target: &str) -> Result<Option<String>, SecretError> {
        match self.keyring.get(target) {
            Ok(Some(secret)) => Ok(Some(secret)),
            Ok(None) => self.env.get(target),
            Err(e @ SecretError::InvalidTarget { .. }) => Err(e),
            Err(e) => match self.env.get(target)? {
                Some(secret) => {
                    tracing::debug!(
                        target = %target,
                        error = %e,
                        "keyring unavailable; using the secret from {}",
                        env_var_name(target)
                    );
                    Ok(Some(secret))
                }
                None => Err(e),
            },
        }
    }

    fn set(&self, target: &str, secret: &str) -> Result<(), SecretError> {
        self.keyring.set(target, secret)
    }

    fn delete(&self, target: &str) -> Result<(), SecretError> {
        self.keyring.delete(target)
    }

    fn describe(&self) -> String {
        format!(
            "{}; else {ENV_PREFIX}<TARGET> at run time",
            self.keyring.describe()
        )
    }
}

/// The store for the running app and CLI: see [`SystemSecrets`]. It does not probe the keyring
/// up front, so a keyring started later is found.
pub fn system_secrets() -> Arc<dyn SecretStore> {
    Arc::new(SystemSecrets::new())
}

// ---------------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------------

/// Secrets in memory, for tests and the IPC mock. Its `Debug` lists targets, not secrets.
#[derive(Default)]
pub struct MemorySecrets {
    secrets: Mutex<HashMap<String, String>>,
}

impl MemorySecrets {
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.secrets.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The targets that have a secret, sorted.
    pub fn targets(&self) -> Vec<String> {
        let mut names: Vec<String> = self.map().keys().cloned().collect();
        names.sort();
        names
    }
}

impl fmt::Debug for MemorySecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemorySecrets")
            .field("targets", &self.targets())
            .finish_non_exhaustive()
    }
}

impl SecretStore for MemorySecrets {
    fn get(&self, target: &str) -> Result<Option<String>, SecretError> {
        check_target(target)?;
        Ok(self.map().get(target).cloned())
    }

    fn set(&self, target: &str, secret: &str) -> Result<(), SecretError> {
        check_target(target)?;
        self.map().insert(target.to_string(), secret.to_string());
        Ok(())
    }

    fn delete(&self, target: &str) -> Result<(), SecretError> {
        check_target(target)?;
        self.map().remove(target);
        Ok(())
    }

    fn describe(&self) -> String {
        "memory (not persisted)".to_string()
    }

    fn hold(&self, target: &str, secret: &str) {
        let _ = self.set(target, secret);
    }
}

// ---------------------------------------------------------------------------------------------
// Session: held in memory, over another store
// ---------------------------------------------------------------------------------------------

/// The app's store: `inner` (the [`SystemSecrets`]), with what was held for this session in
/// front of it. A held secret is never written anywhere: it lives in this process's memory
/// until the store is dropped (the app closes) or the secret is deleted.
pub struct SessionSecrets {
    held: MemorySecrets,
    inner: Arc<dyn SecretStore>,
}

impl SessionSecrets {
    pub fn new(inner: Arc<dyn SecretStore>) -> Self {
        Self {
            held: MemorySecrets::new(),
            inner,
        }
    }
}

impl fmt::Debug for SessionSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionSecrets")
            .field("held", &self.held)
            .field("inner", &self.inner.describe())
            .finish()
    }
}

impl SecretStore for SessionSecrets {
    fn get(&self, target: &str) -> Result<Option<String>, SecretError> {
        match self.held.get(target)? {
            Some(secret) => Ok(Some(secret)),
            None => self.inner.get(target),
        }
    }

    /// Stores in `inner`; a secret held for the session is replaced by the new one whatever
    /// `inner` answers, so the session never goes on with one that was just replaced.
    fn set(&self, target: &str, secret: &str) -> Result<(), SecretError> {
        if self.held.get(target)?.is_some() {
            self.held.set(target, secret)?;
        }
        self.inner.set(target, secret)
    }

    fn delete(&self, target: &str) -> Result<(), SecretError> {
        self.held.delete(target)?;
        self.inner.delete(target)
    }

    fn describe(&self) -> String {
        format!(
            "this session's memory (until the app closes), then {}",
            self.inner.describe()
        )
    }

    fn hold(&self, target: &str, secret: &str) {
        if let Err(e) = self.held.set(target, secret) {
            tracing::debug!(error = %e, "a secret could not be held for the session");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Async helpers
// ---------------------------------------------------------------------------------------------

async fn blocking<T: Send + 'static>(
    target: &str,
    action: SecretAction,
    f: impl FnOnce() -> Result<T, SecretError> + Send + 'static,
) -> Result<T, SecretError> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(SecretError::Backend {
            target: target.to_string(),
            action,
            detail: if e.is_panic() {
                "the keyring call panicked".to_string()
            } else {
                "the keyring call was cancelled".to_string()
            },
        })
    })
}

/// [`SecretStore::get`] on tokio's blocking pool, for async code (Tauri commands, the outbox).
pub async fn get_async(
    store: &Arc<dyn SecretStore>,
    target: &str,
) -> Result<Option<String>, SecretError> {
    let (store, owned) = (store.clone(), target.to_string());
    blocking(target, SecretAction::Read, move || store.get(&owned)).await
}

/// [`SecretStore::set`] on tokio's blocking pool.
pub async fn set_async(
    store: &Arc<dyn SecretStore>,
    target: &str,
    secret: &str,
) -> Result<(), SecretError> {
    let (store, owned, secret) = (store.clone(), target.to_string(), secret.to_string());
    blocking(target, SecretAction::Store, move || {
        store.set(&owned, &secret)
    })
    .await
}

/// [`SecretStore::delete`] on tokio's blocking pool.
pub async fn delete_async(store: &Arc<dyn SecretStore>, target: &str) -> Result<(), SecretError> {
    let (store, owned) = (store.clone(), target.to_string());
    blocking(target, SecretAction::Delete, move || store.delete(&owned)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names() {
        assert_eq!(env_var_name("wp-main"), "VERDICT_SECRET_WP_MAIN");
        assert_eq!(env_var_name("api2"), "VERDICT_SECRET_API2");
        assert_eq!(env_var_name("a.b c"), "VERDICT_SECRET_A_B_C");
    }

    #[test]
    fn memory_round_trip_and_debug_hides_secrets() {
        let store = MemorySecrets::new();
        store.set("wp", "hunter2-secret").unwrap();
        assert_eq!(store.get("wp").unwrap().as_deref(), Some("hunter2-secret"));
        assert!(!format!("{store:?}").contains("hunter2"));
        store.delete("wp").unwrap();
        store.delete("wp").unwrap();
        assert_eq!(store.get("wp").unwrap(), None);
        assert!(matches!(
            store.set("", "x"),
            Err(SecretError::InvalidTarget { .. })
        ));
    }

    #[test]
    fn a_session_holds_what_no_keyring_would_keep_and_forgets_it_on_delete() {
        let session = SessionSecrets::new(Arc::new(EnvSecrets));
        assert!(matches!(
            session.set("team:sam@db", "first"),
            Err(SecretError::NoKeyring { .. })
        ));
        assert_eq!(session.get("team:sam@db").unwrap(), None);
        session.hold("team:sam@db", "first");
        assert_eq!(
            session.get("team:sam@db").unwrap().as_deref(),
            Some("first")
        );
        // A new password replaces the held one even where the keyring refuses it.
        assert!(session.set("team:sam@db", "second").is_err());
        assert_eq!(
            session.get("team:sam@db").unwrap().as_deref(),
            Some("second")
        );
        assert!(!format!("{session:?}").contains("second"));
        session.delete("team:sam@db").unwrap();
        assert_eq!(session.get("team:sam@db").unwrap(), None);
    }
}
