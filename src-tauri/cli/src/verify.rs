//! `verdict verify`: reads the published pages back from their targets, as stored and as
//! readers get them (read-only), prints each receipt, and exits non-zero when a page differs,
//! is missing or cannot be read, for a cron job, a systemd timer or a monitor.

use std::time::Duration;

use verdict_core::publish::verify::{Due, VerifyOptions, VerifyReport};
use verdict_core::store::receipts::ReceiptState;
use verdict_core::Desk;

use crate::{publishing, Failure};

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// Only this target's pages (default: every target's).
    #[arg(long, value_name = "NAME")]
    target: Option<String>,
    /// The receipts as JSON (`receipts`, `not_checked`) instead of lines.
    #[arg(long)]
    json: bool,
    /// Pages read at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Seconds one page's check may take (stored copy and public address together).
    #[arg(long, default_value_t = 20.0)]
    timeout: f64,
    /// A page missing on --target (deleted there): publish it there again, created anew,
    /// and run the queue; nothing else is checked.
    #[arg(
        long,
        value_name = "SLUG",
        requires = "target",
        conflicts_with = "mark_unpublished"
    )]
    republish: Option<String>,
    /// A page missing on --target: take note it is no longer published there (nothing is
    /// written to a target; with no target holding it, it goes back to Approved).
    #[arg(long, value_name = "SLUG", requires = "target")]
    mark_unpublished: Option<String>,
}

/// `--republish` / `--mark-unpublished`: acting on a page's "missing" receipt.
fn act_on_missing(
    desk: &Desk,
    acting: Option<&str>,
    data_dir: &std::path::Path,
    target: &str,
    args: &VerifyArgs,
) -> Result<(), Failure> {
    let who = publishing::publisher(desk, acting)?;
    if let Some(slug) = &args.republish {
        let plan = desk.republish_missing(&who, target, slug)?;
        publishing::print_plan(&plan);
        // The queue as `verdict publish` runs it by default.
        let run = crate::RunArgs {
            concurrency: 4,
            max_attempts: 8,
            timeout: 30.0,
            retry_delay_ms: 500,
            no_run: false,
        };
        publishing::run_queue(data_dir, Some(target.to_string()), &run, 0)?;
        return after_publish(desk, Some(target.to_string()), args.timeout);
    }
    if let Some(slug) = &args.mark_unpublished {
        let marked = desk.mark_unpublished(&who, target, slug)?;
        println!(
            "{slug} is no longer published on {target}{}",
            if marked.back_to_approved {
                "; no target holds it, so it is back to Approved"
            } else {
                ""
            }
        );
    }
    Ok(())
}

fn options(
    target: Option<String>,
    due: Due,
    concurrency: usize,
    timeout: f64,
) -> Result<VerifyOptions, Failure> {
    if !(timeout.is_finite() && timeout > 0.0) {
        return Err(Failure(format!(
            "--timeout must be a number of seconds above 0, not {timeout}"
        )));
    }
    Ok(VerifyOptions {
        target,
        due,
        concurrency: concurrency.max(1),
        timeout: Duration::from_secs_f64(timeout),
    })
}

pub fn verify(
    desk: &Desk,
    acting: Option<&str>,
    data_dir: &std::path::Path,
    args: VerifyArgs,
) -> Result<(), Failure> {
    if let Some(name) = &args.target {
        if !desk.targets()?.iter().any(|t| &t.name == name) {
            return Err(Failure(format!(
                "no publishing target \"{name}\"; see `verdict target list`"
            )));
        }
        if args.republish.is_some() || args.mark_unpublished.is_some() {
            return act_on_missing(desk, acting, data_dir, name, &args);
        }
    }
    let options = options(args.target, Due::All, args.concurrency, args.timeout)?;
    let secrets = verdict_core::secrets::system_secrets();
    let report = publishing::runtime()?.block_on(desk.verify_published(secrets, options))?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("receipts serialise")
        );
    } else {
        print_report(&report, true);
    }
    match report.problems() {
        0 => Ok(()),
        n => Err(Failure(format!(
            "{n} of {} pages are not as the desk published them",
            report.receipts.len()
        ))),
    }
}

/// After `verdict publish`: the pages just written, read back; only what is not as
/// published is listed (the run's own result is not changed by it).
pub fn after_publish(desk: &Desk, target: Option<String>, timeout: f64) -> Result<(), Failure> {
    let options = options(target, Due::Unchecked, 8, timeout)?;
    let secrets = verdict_core::secrets::system_secrets();
    let report = publishing::runtime()?.block_on(desk.verify_published(secrets, options))?;
    if !report.receipts.is_empty() {
        print_report(&report, false);
    }
    Ok(())
}

fn print_report(report: &VerifyReport, every: bool) {
    let mut counts = [0usize; 4];
    for r in &report.receipts {
        let (i, word) = match r.state {
            ReceiptState::Verified => (0, "verified"),
            ReceiptState::Differs => (1, "differs"),
            ReceiptState::Missing => (2, "missing"),
            ReceiptState::Unreachable => (3, "unreachable"),
        };
        counts[i] += 1;
        // A scheduled page the target published itself (Ghost) says when, after a publish too.
        if every || r.state != ReceiptState::Verified || r.published_there.is_some() {
            println!("{word:<12} {}/{}", r.target, r.slug);
            for d in &r.differences {
                println!("             {}", d.said);
            }
            if let Some(there) = &r.published_there {
                println!("             {}", there.said);
            }
        }
    }
    if every {
        for n in &report.not_checked {
            println!("not checked  {}/{}: {}", n.target, n.slug, n.why);
        }
    }
    if report.receipts.is_empty() && every {
        println!("no page on a target to verify");
    }
    println!(
        "receipts: {} verified, {} differ, {} missing, {} unreachable",
        counts[0], counts[1], counts[2], counts[3]
    );
}

/// After `verdict publish --due`: each page among `published` that went out late, and by
/// how much ("late: “A vs B” was due 6 Dec 2026 09:00 UTC and went out 42 min late").
pub fn print_late(desk: &Desk, published: &[String]) -> Result<(), Failure> {
    for late in desk.published_late(published, chrono::Utc::now())? {
        println!("late: “{}” {}", late.title, late.said);
    }
    Ok(())
}
