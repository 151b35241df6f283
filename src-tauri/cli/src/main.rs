//! `verdict`: the headless command line over verdict-core, sharing the desktop app's data folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use verdict_core::desk::{default_data_dir, Overview};
use verdict_core::{Desk, DeskError};

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
    /// Import a JSON bundle: all of it, or nothing if any part is wrong.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
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
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VERDICT_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), DeskError> {
    let data_dir = cli.data_dir.unwrap_or_else(default_data_dir);
    let desk = Desk::open(&data_dir)?;
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
        Command::Import { file } => {
            let report = desk.import_file(&file)?;
            println!("imported {}: {report}", file.display());
        }
        Command::Export { file } => {
            if file.as_os_str() == "-" {
                let text = desk.store().export_bundle()?.to_json();
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(|source| DeskError::Io {
                        path: "standard output".into(),
                        source,
                    })?;
            } else {
                desk.export_file(&file)?;
                println!("exported to {}", file.display());
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
    }
    Ok(())
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
