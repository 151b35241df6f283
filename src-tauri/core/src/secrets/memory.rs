//! Secrets held in memory: for tests and the IPC mock, and for a running app's session.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use super::{check_target, SecretError, SecretStore};

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
