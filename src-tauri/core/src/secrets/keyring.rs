//! The operating system's keyring.

use std::sync::Arc;

use super::{check_target, env_var_name, SecretAction, SecretError, SecretStore, SERVICE};

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
