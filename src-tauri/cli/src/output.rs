//! What the command line writes: standard output that a closed pipe ends quietly, a
//! progress bar on a terminal, and the desk's overview as text.

use std::io::Write;

use verdict_core::desk::Overview;
use verdict_core::DeskError;

/// Exit status when standard output was closed by its reader, as for a process that
/// SIGPIPE ended (128 + 13).
const CLOSED_PIPE_EXIT: i32 = 141;

/// A reader that stops early (`verdict list | head -1`) closes the pipe; the output is then
/// simply over. `println!` panics on a closed pipe, so such a panic ends the process quietly
/// instead of with a backtrace. (SIGPIPE itself stays ignored: it would also kill a publish
/// whose connection a server reset.)
pub(crate) fn quiet_on_closed_pipe() {
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

pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), DeskError> {
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
pub(crate) fn progress_bar() -> Option<indicatif::ProgressBar> {
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

pub(crate) fn print_overview(o: &Overview) {
    let names: std::collections::HashMap<&str, &str> = o
        .tools
        .iter()
        .map(|t| (t.slug.as_str(), t.name.as_str()))
        .collect();
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
                    names.get(t.slug.as_str()).copied().unwrap_or(&t.slug),
                    t.panel_ship.ship,
                    t.panel_ship.total
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
