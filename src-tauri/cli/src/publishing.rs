//! The publishing commands: targets, queueing, running the outbox with a progress bar, conflicts;
//! and importing bundles (what an import would replace, and replacing only when asked).

use std::path::Path;
use std::time::Duration;

use verdict_core::desk::{ConflictView, PublishPlan};
use verdict_core::publish::{PublishError, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::SecretError;
use verdict_core::workflow::Role;
use verdict_core::{Desk, DeskError};

use super::{Failure, KindArg, RunArgs, TargetCommand};

pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start the network runtime: {e}")))
}

/// The profile to act as: the one named; on a team desk, the member signed in (the only
/// one who acts there, so a refusal names their roles); else the desk's only publisher.
pub fn publisher(desk: &Desk, acting: Option<&str>) -> Result<String, Failure> {
    if let Some(slug) = acting {
        return Ok(slug.to_string());
    }
    if let Some(link) = desk.team_link()? {
        return Ok(link.user);
    }
    let publishers: Vec<String> = desk
        .profiles()?
        .into_iter()
        .filter(|p| p.has(Role::Publisher))
        .map(|p| p.slug)
        .collect();
    match publishers.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Failure(
            "no profile on this desk may publish; give one the publisher role first".into(),
        )),
        many => Err(Failure(format!(
            "several profiles may publish ({}); say which with --as PROFILE",
            many.join(", ")
        ))),
    }
}

pub fn target(desk: &Desk, acting: Option<&str>, action: TargetCommand) -> Result<(), Failure> {
    let secrets = verdict_core::secrets::system_secrets();
    match action {
        TargetCommand::Add {
            name,
            kind,
            url,
            user,
            secret_env,
        } => {
            let kind = match kind {
                KindArg::Http => TargetKind::Http,
                KindArg::Wordpress => TargetKind::Wordpress,
                KindArg::Folder => TargetKind::Folder,
                KindArg::Ghost => TargetKind::Ghost,
            };
            let url = if kind == TargetKind::Folder {
                std::path::absolute(&url)
                    .map(|p| p.display().to_string())
                    .unwrap_or(url)
            } else {
                url
            };
            let secret = match &secret_env {
                Some(var) => Some(std::env::var(var).map_err(|_| {
                    Failure(format!(
                        "--secret-env: the environment variable {var} is not set (or not UTF-8)"
                    ))
                })?),
                None => None,
            };
            if kind.needs_secret() && secret.is_none() {
                eprintln!(
                    "note: no secret given; give it with --secret-env VAR, or at run time in {}",
                    verdict_core::secrets::env_var_name(&name)
                );
            }
            let who = publisher(desk, acting)?;
            let config = TargetConfig {
                name,
                kind,
                url,
                user,
            };
            let stored = match desk.add_target(&who, &config, secret.as_deref(), secrets.as_ref()) {
                Ok(()) => secret.is_some(),
                // No keyring here: the target is still worth having, with its secret given at
                // run time. The secret itself is dropped, never stored anywhere else.
                Err(DeskError::Publish(PublishError::Secret(SecretError::NoKeyring {
                    env_var,
                    ..
                }))) => {
                    desk.add_target(&who, &config, None, secrets.as_ref())?;
                    eprintln!(
                        "note: no system keyring (Secret Service) answered, so the secret from \
                         {} was NOT stored; give it at run time in {env_var} whenever this \
                         target is used",
                        secret_env.as_deref().unwrap_or("--secret-env")
                    );
                    false
                }
                Err(e) => return Err(e.into()),
            };
            println!(
                "target {} added ({} {}){}",
                config.name,
                config.kind.as_str(),
                config.url,
                if stored {
                    "; its secret is in the system keyring"
                } else {
                    ""
                }
            );
        }
        TargetCommand::List { json } => {
            let view = desk.publishing_view()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&view.targets).expect("targets serialise")
                );
            } else if view.targets.is_empty() {
                println!("no publishing targets; add one with `verdict target add`");
            } else {
                for t in &view.targets {
                    println!(
                        "  {:<16} {:<10} {:<40} {} pages{}",
                        t.name,
                        t.kind.as_str(),
                        t.url,
                        t.pages,
                        t.user
                            .as_deref()
                            .map(|u| format!("  (user {u})"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        TargetCommand::Test { name } => {
            let config = desk.target(&name)?;
            let said =
                runtime()?.block_on(verdict_core::desk::test_target(&config, secrets.as_ref()))?;
            println!("ok: {said}");
        }
        TargetCommand::Remove { name } => {
            let who = publisher(desk, acting)?;
            desk.remove_target(&who, &name, secrets.as_ref())?;
            println!("target {name} removed");
        }
    }
    Ok(())
}

pub fn print_plan(plan: &PublishPlan) {
    for slug in &plan.published {
        println!("published {slug}");
    }
    let mut line = format!(
        "{} to send, {} unchanged (not sent)",
        plan.queued.len(),
        plan.unchanged.len()
    );
    if !plan.kept_remote.is_empty() {
        line.push_str(&format!(
            ", {} kept at the target's copy (name them to publish them again)",
            plan.kept_remote.len()
        ));
    }
    println!("{line}");
}

/// Runs the outbox until it is settled, with a progress bar on a terminal; fails when any job
/// failed or conflicted.
/// `not_queued_unchanged` counts the pages queueing already found unchanged on the target, so
/// the summary's "unchanged" counts them too.
pub fn run_queue(
    data_dir: &Path,
    target: Option<String>,
    args: &RunArgs,
    not_queued_unchanged: usize,
) -> Result<(), Failure> {
    if args.no_run {
        return Ok(());
    }
    let options = RunOptions {
        concurrency: args.concurrency.max(1),
        max_attempts: args.max_attempts.max(1),
        base_delay: Duration::from_millis(args.retry_delay_ms),
        max_delay: Duration::from_secs(60),
        request_timeout: Duration::from_secs_f64(args.timeout.max(0.1)),
        max_retry_after: std::time::Duration::from_secs(600),
        target,
    };
    let bar = super::progress_bar();
    if let Some(bar) = &bar {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    }
    let secrets: std::sync::Arc<dyn verdict_core::secrets::SecretStore> =
        verdict_core::secrets::system_secrets();
    let summary = runtime()?.block_on(verdict_core::publish::run_until_settled(
        data_dir,
        secrets,
        options,
        |p| {
            if let Some(bar) = &bar {
                bar.set_length((p.settled() + p.remaining) as u64);
                bar.set_position(p.settled() as u64);
                bar.set_message(format!("{} retried", p.retries));
            }
        },
    ))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = verdict_core::publish::Progress {
        unchanged: summary.unchanged + not_queued_unchanged,
        ..summary
    };
    println!("{summary}");
    for note in &summary.notes {
        println!("note: {note}");
    }
    if summary.failed + summary.conflicts > 0 {
        return Err(Failure(format!(
            "{} failed, {} in conflict: see `verdict queue`",
            summary.failed, summary.conflicts
        )));
    }
    Ok(())
}

pub fn print_queue(desk: &Desk, json: bool) -> Result<(), Failure> {
    let view = desk.publishing_view()?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&view.jobs).expect("jobs serialise")
        );
        return Ok(());
    }
    if view.jobs.is_empty() {
        println!("the publishing queue is empty");
    }
    for j in &view.jobs {
        println!(
            "  {:>5} {:<9} {:<7} {:<12} {}  (attempts {}){}",
            j.id,
            j.state.as_str(),
            j.op.as_str(),
            j.target,
            j.slug,
            j.attempts,
            j.last_error
                .as_deref()
                .map(|e| format!("\n        {e}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

pub fn print_conflict(c: &ConflictView) {
    println!(
        "job {}: {} on {} — {}",
        c.job.id,
        c.job.slug,
        c.job.target,
        c.job.last_error.as_deref().unwrap_or("conflict")
    );
    if let Some(url) = &c.remote_url {
        println!("the target's copy: {url}");
    }
    if c.removed_on_target {
        println!("the page was removed on the target");
    }
    for change in &c.changes {
        println!("  {}", change.field);
        let long = |s: &Option<String>| s.as_deref().is_some_and(|s| s.chars().count() > 160);
        if long(&change.before) || long(&change.after) {
            // A whole body does not fit on a line: the words that differ do.
            use verdict_core::desk::DiffPartKind;
            for (kind, label) in [
                (DiffPartKind::Removed, "theirs only"),
                (DiffPartKind::Added, "ours only"),
            ] {
                let words: Vec<String> = change
                    .parts
                    .iter()
                    .filter(|p| p.kind == kind)
                    .map(|p| one_line(&p.text))
                    .filter(|w| !w.is_empty())
                    .collect();
                if !words.is_empty() {
                    println!("    {label}: {}", one_line(&words.join(" … ")));
                }
            }
            continue;
        }
        if let Some(b) = &change.before {
            println!("    theirs: {}", one_line(b));
        }
        if let Some(a) = &change.after {
            println!("    ours:   {}", one_line(a));
        }
    }
    if c.job.op == verdict_core::publish::Op::Delete {
        println!(
            "this is an unpublish: --overwrite removes the target's copy anyway, \
             --keep-remote leaves it there"
        );
    }
    println!(
        "decide with: verdict conflict {} --overwrite | --keep-remote",
        c.job.id
    );
}

fn one_line(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        format!("{}…", flat.chars().take(160).collect::<String>())
    } else {
        flat
    }
}

/// `verdict import`: with `dry_run`, what the import would do; otherwise the import, which
/// replaces entities that differ from the bundle's only with `replace`.
pub fn import(desk: &Desk, file: &Path, dry_run: bool, replace: bool) -> Result<(), Failure> {
    if dry_run {
        let plan = desk.import_plan_file(file)?;
        for e in &plan.added {
            println!("add      {e}  ({})", e.path);
        }
        for r in &plan.replaced {
            println!("replace  {}  ({})", r.entity, r.entity.path);
            for change in &r.changes {
                println!("    {}", change.field);
                println!(
                    "      here:   {}",
                    change.before.as_deref().map_or("(none)".into(), one_line)
                );
                println!(
                    "      bundle: {}",
                    change.after.as_deref().map_or("(none)".into(), one_line)
                );
            }
        }
        println!("{plan} (dry run: nothing was changed)");
        if !plan.replaced.is_empty() {
            println!("import with --replace to replace them");
        }
        return Ok(());
    }
    match desk.import_file_checked(file, replace) {
        Ok(report) => {
            println!("imported {}: {report}", file.display());
            Ok(())
        }
        Err(e) if !replace && is_replace_refusal(&e) => Err(Failure(format!(
            "{e}\nsee every difference with `verdict import --dry-run {0}`; replace them with \
             `verdict import --replace {0}`",
            file.display()
        ))),
        Err(e) => Err(e.into()),
    }
}

fn is_replace_refusal(e: &DeskError) -> bool {
    matches!(e, DeskError::Bundle(b) if b.problems().iter().all(|p| p.message.starts_with("would replace")) && !b.problems().is_empty())
}
