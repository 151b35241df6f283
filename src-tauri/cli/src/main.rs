//! `verdict`: the headless command line over verdict-core, sharing the desktop app's data folder.

use std::process::ExitCode;

use clap::Parser;
use verdict_core::desk::{default_data_dir, Selection};
use verdict_core::Desk;

mod args;
mod calendar;
mod comments;
mod links;
mod media;
mod output;
mod publishing;
mod team;
mod verify;
mod votes;

use args::{Cli, Command, Format, KindArg, RunArgs, TargetCommand};
use output::{print_overview, progress_bar, quiet_on_closed_pipe, write_stdout};

/// mimalloc: a 10,000-page site build is ~17 % faster with it than with glibc's (`cargo bench
/// -p verdict-core --bench site -- growth`). The app runs jemalloc instead, whose background
/// thread gives memory back while it sits idle; a command's process ends when its work does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Any failure a command reports; printed as `error: …` with exit status 1.
#[derive(Debug)]
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VERDICT_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.0);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let data_dir = cli.data_dir.unwrap_or_else(default_data_dir);
    let acting = cli.acting;
    // Restoring replaces the database file, so it runs before (and instead of) opening it.
    if let Command::Restore { file } = &cli.command {
        let kept = verdict_core::backup::restore(&data_dir, file)?;
        println!("restored {} into {}", file.display(), data_dir.display());
        if let Some(kept) = kept {
            println!("the previous database is kept as {}", kept.display());
        }
        return Ok(());
    }
    let desk = Desk::open(&data_dir)?;
    // The same default profiles as the app's first start, so roles work from the CLI alone.
    desk.ensure_profiles()?;
    match cli.command {
        Command::Init { sample } => {
            println!("desk ready at {}", data_dir.display());
            if sample {
                match desk.seed_sample_if_empty()? {
                    Some(report) => println!("sample content loaded: {report}"),
                    None => println!("the desk already has content; sample not loaded"),
                }
            }
        }
        Command::Import {
            file,
            dry_run,
            replace,
        } => publishing::import(&desk, &file, dry_run, replace)?,
        Command::Export { file } => {
            if file.as_os_str() == "-" {
                // A zip when the desk's content shows images.
                let (bytes, _) = desk.export_bytes()?;
                write_stdout(&bytes)?;
            } else {
                let written = desk.export_to(&file)?;
                println!("exported to {}", written.display());
            }
        }
        Command::List { json } => {
            let overview = desk.overview()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&overview).expect("overview serialises")
                );
            } else {
                print_overview(&overview);
            }
        }
        Command::Render { slug, format } => {
            let format = match format {
                Format::Html => "html",
                Format::Json => "json",
                Format::Md => "md",
            };
            let text = verdict_core::render::render_saved(&desk.store(), &slug, format)?;
            write_stdout(text.as_bytes())?;
        }
        Command::Site {
            out,
            include_drafts,
            no_share_cards,
            inline_css,
        } => {
            let bar = progress_bar();
            let started = std::time::Instant::now();
            let report = verdict_core::site::build_site(
                &desk.store(),
                &out,
                verdict_core::site::SiteOptions {
                    include_drafts,
                    no_share_cards,
                    linked_css: !inline_css,
                },
                &|done, total| {
                    if let Some(bar) = &bar {
                        bar.set_length(total as u64);
                        bar.set_position(done as u64);
                    }
                },
            )?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            println!(
                "site written to {} in {:.2?}: {report}",
                out.display(),
                started.elapsed()
            );
        }
        Command::Newsletter { since, until, out } => {
            let until = until.unwrap_or_else(chrono::Utc::now);
            let (n, [html, text]) = desk.write_newsletter(since, until, &out)?;
            println!("{}", n.subject);
            println!(
                "{} comparison{} → {}, {}",
                n.items.len(),
                if n.items.len() == 1 { "" } else { "s" },
                html.display(),
                text.display()
            );
        }
        Command::Backup { file } => {
            let written = match file {
                Some(file) => {
                    desk.store().backup_to(&file)?;
                    file
                }
                None => verdict_core::backup::make_backup(&desk.store(), &data_dir, "manual")?,
            };
            println!("backed up to {}", written.display());
        }
        Command::Restore { .. } => unreachable!("handled before the desk is opened"),
        Command::Media { action } => media::run(&desk, acting.as_deref(), action)?,
        Command::Team { action } => team::run(&desk, action)?,
        Command::Sync { watch, every } => team::sync(&desk, watch, every)?,
        Command::Target { action } => publishing::target(&desk, acting.as_deref(), action)?,
        Command::Publish {
            target,
            slugs,
            all,
            due,
            run,
        } => {
            let plan = if due {
                desk.publish_due(chrono::Utc::now())?
            } else {
                let who = publishing::publisher(&desk, acting.as_deref())?;
                let selection = if all {
                    Selection::AllPublished
                } else if slugs.is_empty() {
                    return Err(Failure(
                        "name the pages to publish, or give --all or --due".into(),
                    ));
                } else {
                    Selection::Pages(slugs)
                };
                desk.queue_publish(&who, target.as_deref(), &selection)?
            };
            publishing::print_plan(&plan);
            if due {
                verify::print_late(&desk, &plan.published)?;
            }
            publishing::run_queue(&data_dir, target.clone(), &run, plan.unchanged.len())?;
            if !run.no_run {
                verify::after_publish(&desk, target, run.timeout)?;
            }
        }
        Command::Verify(args) => verify::verify(&desk, acting.as_deref(), &data_dir, args)?,
        Command::Links(args) => links::links(&desk, args)?,
        Command::Assign(args) => calendar::assign(&desk, acting.as_deref(), args)?,
        Command::Calendar(args) => calendar::calendar(&desk, args)?,
        Command::Unpublish { slugs, run } => {
            let who = publishing::publisher(&desk, acting.as_deref())?;
            let plan = desk.queue_unpublish(&who, &slugs)?;
            publishing::print_plan(&plan);
            publishing::run_queue(&data_dir, None, &run, plan.unchanged.len())?;
        }
        Command::Queue { json, run, options } => {
            if run {
                publishing::run_queue(&data_dir, None, &options, 0)?;
            }
            publishing::print_queue(&desk, json)?;
        }
        Command::Retry { job } => {
            let who = publishing::publisher(&desk, acting.as_deref())?;
            desk.retry_job(&who, job)?;
            println!("job {job} is queued again; run it with `verdict queue --run`");
        }
        Command::Conflict {
            job,
            overwrite,
            keep_remote,
        } => {
            if overwrite || keep_remote {
                let who = publishing::publisher(&desk, acting.as_deref())?;
                desk.resolve_conflict(&who, job, overwrite)?;
                if overwrite {
                    println!("job {job} will send our page over the target's copy; run it with `verdict queue --run`");
                } else {
                    println!("the target's copy is kept; the page is marked as kept there");
                }
            } else {
                publishing::print_conflict(&desk.conflict(job)?);
            }
        }
        Command::Comments(args) => comments::list(&desk, args)?,
        Command::Comment(command) => comments::run(&desk, acting.as_deref(), command)?,
        Command::Votes {
            target,
            service,
            token_env,
            republish_points,
        } => votes::run(
            &desk,
            acting.as_deref(),
            target,
            votes::Settings {
                service,
                token_env,
                republish_points,
            },
        )?,
        Command::Generate {
            tools,
            comparisons,
            reviewers,
            seed,
            logos,
        } => {
            let options = verdict_fixtures::GenerateOptions {
                tools,
                comparisons,
                reviewers,
                seed,
            };
            let report = verdict_fixtures::generate(&mut desk.store(), &options)?;
            println!(
                "generated {} tools, {} reviewers, {} verdicts, {} comparisons (seed {seed})",
                report.tools, report.reviewers, report.verdicts, report.comparisons
            );
            if logos > 0 {
                let given = media::give_logos(&desk, acting.as_deref(), logos)?;
                println!("gave {given} tools a generated logo");
            }
        }
    }
    Ok(())
}
