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

use std::fmt;
use std::sync::Arc;

mod keyring;
mod memory;

pub use keyring::Keyring;
pub use memory::{MemorySecrets, SessionSecrets};

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
