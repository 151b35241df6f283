//! `verdict`: the headless command line over verdict-core, sharing the desktop app's data folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use verdict_core::desk::{default_data_dir, Overview, Selection};

mod calendar;
mod comments;
mod links;
mod media;
mod publishing;
mod team;
mod verify;
mod votes;
use verdict_core::{Desk, DeskError};

/// Any failure a command reports; printed as `error: …` with exit status 1.
#[derive(Debug)]
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

#[derive(Parser)]
#[command(
    name = "verdict",
    version,
    about = "Verdict Desk from the command line"
)]
struct Cli {
    /// Data folder holding the desk's database (default: the desktop app's own).
    #[arg(long, global = true, env = "VERDICT_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The profile acting (its roles decide what it may do); publishing commands default to
    /// the desk's only publisher.
    #[arg(
        long = "as",
        global = true,
        env = "VERDICT_PROFILE",
        value_name = "PROFILE"
    )]
    acting: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create (or migrate) the desk's database.
    Init {
        /// Load the sample comparison when the desk is empty.
        #[arg(long)]
        sample: bool,
    },
    /// The comments on a page's words (its own fields, its tools' and their verdicts').
    Comments(comments::ListArgs),
    /// Add a comment on words of a field, reply to one, resolve or reopen a thread.
    #[command(subcommand)]
    Comment(comments::CommentCommand),
    /// Import a JSON bundle: all of it, or nothing if any part is wrong. Refuses to replace
    /// anything on the desk that differs from the bundle unless --replace is given.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// List what would be added, replaced (with the changed fields) and left alone;
        /// change nothing.
        #[arg(long, conflicts_with = "replace")]
        dry_run: bool,
        /// Replace entities that differ from the bundle's (newer work on the desk is lost).
        #[arg(long)]
        replace: bool,
    },
    /// Export all content as a JSON bundle ("-" writes to standard output).
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// List comparisons, tools and reviewers.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Render one comparison page to standard output.
    Render {
        /// The comparison's slug.
        slug: String,
        #[arg(long, value_enum, default_value_t = Format::Html)]
        format: Format,
    },
    /// Write the static site: index, pages, tool pages, sitemap.xml, feed.xml, page JSON,
    /// and a share card (share.png, 1200×630) beside each comparison page.
    Site {
        #[arg(value_name = "OUT_DIR")]
        out: PathBuf,
        /// Include comparisons that are not published yet.
        #[arg(long)]
        include_drafts: bool,
        /// Leave out the share cards (they dominate a cold build of thousands of pages).
        #[arg(long)]
        no_share_cards: bool,
        /// Put the CSS inside every page instead of one shared stylesheet (style.HASH.css).
        #[arg(long)]
        inline_css: bool,
    },
    /// Write the weekly newsletter: an email-ready HTML and its plain text, of the comparisons
    /// published since DATE.
    Newsletter {
        /// First day of the period (2026-11-25, midnight UTC) or an RFC 3339 time.
        #[arg(long, value_parser = verdict_core::newsletter::parse_date)]
        since: chrono::DateTime<chrono::Utc>,
        /// End of the period, not included (default: now).
        #[arg(long, value_parser = verdict_core::newsletter::parse_date)]
        until: Option<chrono::DateTime<chrono::Utc>>,
        /// Folder for newsletter.html and newsletter.txt.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
    },
    /// Back up the database (to FILE, or into the data folder's backups/, keeping the last 10).
    Backup {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Replace the database with a backup; the current one is kept beside it.
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Publishing targets: add, list, test, remove.
    Target {
        #[command(subcommand)]
        action: TargetCommand,
    },
    /// Publish pages to a target through the outbox, and run it until the queue is settled.
    /// Exits non-zero when anything failed or conflicted.
    Publish {
        /// The target (default: every target).
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
        /// Pages to publish (approved or scheduled ones are published first).
        #[arg(value_name = "SLUG", conflicts_with_all = ["all", "due"])]
        slugs: Vec<String>,
        /// Every published page (only changed ones are sent).
        #[arg(long, conflicts_with = "due")]
        all: bool,
        /// Scheduled pages whose time has come (for a cron job while the app is closed).
        #[arg(long)]
        due: bool,
        #[command(flatten)]
        run: RunArgs,
    },
    /// The desk's images: add, list, alt, rm (see `verdict media --help`).
    Media {
        #[command(subcommand)]
        action: media::MediaCommand,
    },
    /// The team desk: a team server shared by several desks (see `verdict team --help`).
    Team {
        #[command(subcommand)]
        action: team::TeamCommand,
    },
    /// Send this desk's changes to its team and take the team's.
    Sync {
        /// Keep syncing: again whenever the team's log moves, and every --every seconds.
        #[arg(long)]
        watch: bool,
        #[arg(long, default_value_t = 30, value_name = "SECONDS", requires = "watch")]
        every: u64,
    },
    /// Read the published pages back from their targets (read-only) and say what each holds;
    /// exits non-zero when a page differs, is missing or cannot be read.
    Verify(verify::VerifyArgs),
    /// Check every link of a page (or of every page): tool links, fact sources, links in
    /// Markdown; exits non-zero when one is broken or does not answer.
    Links(links::LinksArgs),
    /// Unpublish pages and remove them from every target that holds them.
    Unpublish {
        #[arg(value_name = "SLUG", required = true)]
        slugs: Vec<String>,
        #[command(flatten)]
        run: RunArgs,
    },
    /// The publishing queue: waiting, failed and conflicting jobs.
    Queue {
        #[arg(long)]
        json: bool,
        /// Run the queue until it is settled.
        #[arg(long)]
        run: bool,
        #[command(flatten)]
        options: RunArgs,
    },
    /// Put a failed publishing job back in the queue.
    Retry {
        #[arg(value_name = "JOB")]
        job: i64,
    },
    /// Show a conflict, or decide it with --overwrite or --keep-remote.
    Conflict {
        #[arg(value_name = "JOB")]
        job: i64,
        /// Send our page over the target's copy.
        #[arg(long, conflicts_with = "keep_remote")]
        overwrite: bool,
        /// Keep the target's copy and mark the page.
        #[arg(long)]
        keep_remote: bool,
    },
    /// Pull readers' votes and store them as the community snapshot: from the site's vote
    /// service (docs/votes.md) when it has one, whatever the target; else from a page API target.
    Votes {
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
        /// Set the site's vote service address first (empty removes it).
        #[arg(long, value_name = "URL")]
        service: Option<String>,
        /// The environment variable holding the vote service's token (kept in the keyring).
        #[arg(long, value_name = "VAR")]
        token_env: Option<String>,
        /// Set the site's `vote_republish_points` first: how many points a page's Community
        /// figures must move before pulled votes change the page (1 to 100; 1 is any change).
        #[arg(long, value_name = "POINTS")]
        republish_points: Option<u32>,
    },
    /// Assign a comparison to an editor and set when it and its verdicts are due.
    Assign(calendar::AssignArgs),
    /// The editorial calendar of a month: scheduled, published and due pages and verdicts.
    Calendar(calendar::CalendarArgs),
    /// Fill the desk with deterministic synthetic content (for benchmarks and trials).
    Generate {
        #[arg(long, default_value_t = 50)]
        tools: usize,
        #[arg(long, default_value_t = 100)]
        comparisons: usize,
        #[arg(long, default_value_t = 8)]
        reviewers: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Give the first N tools a generated square PNG logo (through the real intake, so
        /// each has its variants), for benchmarks of pages and sites with images.
        #[arg(long, value_name = "N", default_value_t = 0)]
        logos: usize,
    },
}

#[derive(Subcommand)]
enum TargetCommand {
    /// Add a target. Its secret is read once from --secret-env VAR and kept in the system
    /// keyring: never on the command line, in the database, in exports or in logs.
    Add {
        name: String,
        #[arg(long, value_enum)]
        kind: KindArg,
        /// The API's base URL, the WordPress or Ghost site's address, or the folder's path.
        #[arg(long)]
        url: String,
        /// WordPress: the user the application password belongs to.
        #[arg(long)]
        user: Option<String>,
        /// The environment variable holding the token, application password or (Ghost) the
        /// Admin API key `id:secret` of a custom integration.
        #[arg(long, value_name = "VAR")]
        secret_env: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check a target's address and credentials.
    Test { name: String },
    /// Remove a target, its queue, and its secret from the keyring.
    Remove { name: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    Http,
    Wordpress,
    Folder,
    Ghost,
}

#[derive(clap::Args, Clone)]
struct RunArgs {
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Attempts before a job is marked failed.
    #[arg(long, default_value_t = 8)]
    max_attempts: u32,
    /// Seconds before a request is abandoned and retried.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// First retry delay in milliseconds (doubling after each failure, with jitter).
    #[arg(long, default_value_t = 500)]
    retry_delay_ms: u64,
    /// Only queue the jobs; do not run them now.
    #[arg(long)]
    no_run: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Html,
    Json,
    Md,
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

/// Exit status when standard output was closed by its reader, as for a process that
/// SIGPIPE ended (128 + 13).
const CLOSED_PIPE_EXIT: i32 = 141;

/// A reader that stops early (`verdict list | head -1`) closes the pipe; the output is then
/// simply over. `println!` panics on a closed pipe, so such a panic ends the process quietly
/// instead of with a backtrace. (SIGPIPE itself stays ignored: it would also kill a publish
/// whose connection a server reset.)
fn quiet_on_closed_pipe() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(CLOSED_PIPE_EXIT);
        }
        default_hook(info);
    }));
}

fn write_stdout(bytes: &[u8]) -> Result<(), DeskError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            std::process::exit(CLOSED_PIPE_EXIT)
        }
        result => result.map_err(|source| DeskError::Io {
            path: "standard output".into(),
            source,
        }),
    }
}

/// A progress bar on a terminal; nothing when output goes to a file or a pipe.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

fn print_overview(o: &Overview) {
    println!("Comparisons ({})", o.comparisons.len());
    for c in &o.comparisons {
        let scores: Vec<String> = c
            .tools
            .iter()
            .map(|t| {
                let pct = t
                    .panel_ship
                    .percent
                    .map_or("—".to_string(), |p| format!("{p}%"));
                format!(
                    "{} {pct} ({} of {} ship)",
                    t.name, t.panel_ship.ship, t.panel_ship.total
                )
            })
            .collect();
        println!(
            "  {:<12} {}  [{}]\n               {}",
            c.status.as_str(),
            c.title,
            c.slug,
            scores.join(" · ")
        );
    }
    println!("Tools ({})", o.tools.len());
    for t in &o.tools {
        println!(
            "  {:<32} {:<18} {:<12} {}",
            t.slug, t.category, t.entry, t.name
        );
    }
    println!("Reviewers ({})", o.reviewers.len());
    for r in &o.reviewers {
        println!(
            "  {:<20} {:<22} {} verdicts  {}",
            r.slug, r.persona, r.verdict_count, r.name
        );
    }
}
