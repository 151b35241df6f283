//! `verdict votes`: pull readers' votes (from the site's vote service, or a page API target)
//! and set the vote service's address and token.

use verdict_core::desk::{Desk, VOTE_SERVICE_SECRET};

use crate::{publishing, Failure};

/// The settings `verdict votes` sets before pulling (each only when given).
pub struct Settings {
    /// The site's vote service address (empty removes it).
    pub service: Option<String>,
    /// The environment variable holding the service's token.
    pub token_env: Option<String>,
    /// The site's `vote_republish_points`.
    pub republish_points: Option<u32>,
}

/// Sets what `settings` give, then pulls: from the vote service when the site has one, else
/// from `target`.
pub fn run(
    desk: &Desk,
    acting: Option<&str>,
    target: Option<String>,
    settings: Settings,
) -> Result<(), Failure> {
    let Settings {
        service,
        token_env,
        republish_points,
    } = settings;
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
    if let Some(points) = republish_points {
        let who = publishing::publisher(desk, acting)?;
        let mut site = desk.site()?;
        site.vote_republish_points = Some(points);
        desk.save_site(&who, &site)?;
        println!(
            "vote_republish_points: {points}; pulled votes change a page when its Community figures move by {points} point{} or more",
            if points == 1 { "" } else { "s" }
        );
    }
    let has_service = desk.site()?.vote_service.is_some();
    let runtime = publishing::runtime()?;
    let report = match (has_service, target) {
        (true, _) => runtime.block_on(verdict_core::desk::pull_site_votes(desk, secrets.as_ref()))?,
        (false, Some(name)) => {
            runtime.block_on(verdict_core::desk::pull_votes(desk, &name, secrets.as_ref()))?
        }
        // Only a setting was asked for: nothing to pull from.
        (false, None) if republish_points.is_some() => return Ok(()),
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
    if let Some(pages) = report.held_back {
        println!(
            "{pages} page(s) kept as published: their Community figures moved by less than vote_republish_points"
        );
    }
    Ok(())
}
