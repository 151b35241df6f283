//! The desk's weekly newsletter export: the one call the CLI and the app's Publishing screen make.

use chrono::{DateTime, Utc};

use super::Desk;
use crate::newsletter::{build_newsletter, Newsletter, NewsletterError};

impl Desk {
    /// The newsletter of the comparisons published in `[since, until)`, from saved content.
    pub fn newsletter(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Newsletter, NewsletterError> {
        let lib = self
            .library()
            .map_err(|e| NewsletterError::Desk(Box::new(e)))?;
        build_newsletter(&lib, since, until)
    }
}
