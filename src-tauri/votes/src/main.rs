//! `verdict-votes`: run the reader vote service (docs/votes.md).
//!
//! Prints `listening on http://ADDR/` as its first stdout line; logs to stderr (tracing,
//! `RUST_LOG`/`VERDICT_VOTES_LOG` filter); stops gracefully on SIGTERM / SIGINT.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use verdict_votes::{start, Config};

/// The reader vote service of Verdict Desk's comparison pages.
#[derive(Debug, Parser)]
#[command(name = "verdict-votes", version)]
struct Args {
    /// The TOML config file; VERDICT_VOTES_* environment variables override its keys.
    #[arg(long, env = "VERDICT_VOTES_CONFIG")]
    config: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let filter = std::env::var("VERDICT_VOTES_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_target(false)
        // Colour codes only for a person at a terminal, not in journald or a log file.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let config = match Config::load(args.config.as_deref(), |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("verdict-votes: {e}");
            return ExitCode::from(2);
        }
    };
    // Watched before the address is printed: whoever reads it may stop us at once.
    let stop = match shutdown_signal() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("verdict-votes: cannot watch SIGTERM: {e}");
            return ExitCode::FAILURE;
        }
    };
    let database = config.database.display().to_string();
    let running = match start(config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("verdict-votes: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(url = %running.url(), database = %database, "listening");
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on {}", running.url());
        let _ = stdout.flush();
    }
    stop.await;
    tracing::info!("stopping: answering requests in flight");
    running.stop().await;
    tracing::info!("stopped");
    ExitCode::SUCCESS
}

/// Starts watching for SIGTERM and SIGINT now; the future ends when one arrives.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}
