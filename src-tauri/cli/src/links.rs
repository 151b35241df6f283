//! `verdict links`: checks every link of a page (or of every page) over HTTP, politely, and
//! exits non-zero when a link is broken or does not answer, for a cron job or a monitor.

use std::time::Duration;

use verdict_core::facts::check::{LinkCheckOptions, LinkState};
use verdict_core::Desk;

use crate::{publishing, Failure};

#[derive(clap::Args)]
pub struct LinksArgs {
    /// Only this page's links (default: every page's).
    #[arg(value_name = "SLUG")]
    slug: Option<String>,
    /// The results as JSON (`links`: page, url, field, place, state, status, said,
    /// checked_at, cached) instead of lines.
    #[arg(long)]
    json: bool,
    /// Ask for every link now, even one checked in the last day.
    #[arg(long)]
    fresh: bool,
    /// Hosts checked at once (each host one link at a time).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Seconds one request may take.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
}

pub fn links(desk: &Desk, args: LinksArgs) -> Result<(), Failure> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(Failure(format!(
            "--timeout must be a number of seconds above 0, not {}",
            args.timeout
        )));
    }
    let options = LinkCheckOptions {
        concurrency: args.concurrency.max(1),
        timeout: Duration::from_secs_f64(args.timeout),
        reuse_within: if args.fresh {
            None
        } else {
            LinkCheckOptions::default().reuse_within
        },
        ..LinkCheckOptions::default()
    };
    let report =
        publishing::runtime()?.block_on(desk.check_links(args.slug.as_deref(), options))?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("link results serialise")
        );
    } else {
        for l in &report.links {
            let word = match l.state {
                LinkState::Ok => "ok",
                LinkState::Broken => "broken",
                LinkState::Unreachable => "unreachable",
            };
            let when = if l.cached { " (cached)" } else { "" };
            println!("{word:<12} {}  {}: {}{when}", l.url, l.place, l.said);
        }
        if report.links.is_empty() {
            println!("no links to check");
        }
    }
    match report.problems() {
        0 => Ok(()),
        n => Err(Failure(format!(
            "{n} of {} links are broken or did not answer",
            report.links.len()
        ))),
    }
}
