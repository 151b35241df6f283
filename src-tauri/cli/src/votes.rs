//! `verdict votes`: pull readers' votes (from the site's vote service, or a page API target)
//! and set the vote service's address and token.

use verdict_core::desk::{Desk, VOTE_SERVICE_SECRET};

use crate::{publishing, Failure};

/// Sets the vote service (when `service` is given), then pulls: from the vote service when
/// the site has one, else from `target`.
pub fn run(
    desk: &Desk,
    acting: Option<&str>,
    target: Option<String>,
    service: Option<String>,
    token_env: Option<String>,
) -> Result<(), Failure> {
    let secrets = verdict_core::secrets::system_secrets();
    if let Some(var) = &token_env {
        if service.is_none() {
            return Err(Failure(
                "--token-env is given with --service (the vote service it belongs to)".into(),
            ));
        }
        let token = std::env::var(var).map_err(|_| {
            Failure(format!(
                "--token-env: the environment variable {var} is not set (or not UTF-8)"
            ))
        })?;
        secrets.set(VOTE_SERVICE_SECRET, token.trim())?;
    }
    if let Some(url) = service {
        let who = publishing::publisher(desk, acting)?;
        let mut site = desk.site()?;
        site.vote_service = (!url.trim().is_empty()).then(|| url.trim().to_string());
        desk.save_site(&who, &site)?;
        match &site.vote_service {
            Some(url) => {
                println!("vote service: {url}; pages show the vote form when next published")
            }
            None => println!("vote service removed; pages show no vote form when next published"),
        }
    }
    let has_service = desk.site()?.vote_service.is_some();
    let runtime = publishing::runtime()?;
    let report = match (has_service, target) {
        (true, _) => runtime.block_on(verdict_core::desk::pull_site_votes(desk, secrets.as_ref()))?,
        (false, Some(name)) => {
            runtime.block_on(verdict_core::desk::pull_votes(desk, &name, secrets.as_ref()))?
        }
        (false, None) => {
            return Err(Failure(
                "no vote service and no --target: set one with --service URL --token-env VAR, or name a page API target".into(),
            ))
        }
    };
    println!(
        "votes from {}: {} counts saved, {} for pages or tools this desk does not have",
        report.target, report.saved, report.skipped
    );
    Ok(())
}
