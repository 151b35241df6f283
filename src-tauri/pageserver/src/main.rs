//! `verdict-pageserver`: run the Verdict Page API v1 reference server.
//!
//! Prints `listening on http://ADDR/` as its first stdout line, logs one line per request
//! to stderr, stops on SIGTERM / SIGINT (ctrl-c).

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use verdict_pageserver::{
    parse_features, set_request_logging, start, Config, FaultKind, Faults, Feature,
};

/// In-memory Verdict Page API v1 server with seeded fault injection.
#[derive(Debug, Parser)]
#[command(name = "verdict-pageserver", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port; see the first stdout line).
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,

    /// Bearer token clients must send.
    #[arg(long, env = "VERDICT_PAGESERVER_TOKEN", hide_env_values = true)]
    token: String,

    /// Share (0..=1) of PUT/DELETE requests that get a fault.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    fault_rate: f64,

    /// Seed of the fault RNG (same seed + same request sequence = same faults).
    #[arg(long, default_value_t = 0)]
    seed: u64,

    /// Fault kinds to draw from: server-error, after-write, reset, reset-after-write,
    /// slow[:MS], hang[:MS].
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "server-error,after-write,reset,reset-after-write,slow,hang"
    )]
    faults: Vec<FaultKind>,

    /// Inject faults into GET requests too.
    #[arg(long)]
    fault_reads: bool,

    /// Base of the public page URLs (`{slug}` is substituted, else `{slug}/` appended).
    /// Default: this server's URL + `p/{slug}/`.
    #[arg(long)]
    public_base: Option<String>,

    /// The optional API features to offer (listed by `GET /`), separated by commas; `none`
    /// answers as a server written to the first version of the API document (no share cards,
    /// no images, no `features` list).
    #[arg(long, default_value = "share-card,media", value_parser = parse_features)]
    features: std::vec::Vec<Feature>,

    /// Do not log requests to stderr.
    #[arg(long, short)]
    quiet: bool,
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let rate: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err("must be between 0 and 1".into())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    set_request_logging(!args.quiet);
    let mut config = Config::new(args.token);
    config.addr = args.addr;
    config.public_base = args.public_base;
    config.features = args.features;
    config.faults = Faults {
        rate: args.fault_rate,
        seed: args.seed,
        kinds: args.faults,
        apply_to_reads: args.fault_reads,
    };
    // Watched before the address is printed: whoever reads it may stop us at once.
    let stop = shutdown_signal();
    let running = match start(config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("verdict-pageserver: cannot listen on {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on {}", running.url());
        let _ = stdout.flush();
    }
    match stop {
        Ok(stop) => stop.await,
        Err(e) => {
            eprintln!("verdict-pageserver: cannot watch SIGTERM ({e}); stop with ctrl-c");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    eprintln!("verdict-pageserver: shutting down");
    running.stop().await;
    ExitCode::SUCCESS
}

/// Starts watching for SIGTERM and SIGINT now; the future ends when one arrives.
#[cfg(unix)]
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

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
