//! The command line's grammar: every command, its arguments and their help text (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::{calendar, comments, links, media, team, verify};

#[derive(Parser)]
#[command(
    name = "verdict",
    version,
    about = "Verdict Desk from the command line"
)]
pub(crate) struct Cli {
    /// Data folder holding the desk's database (default: the desktop app's own).
    #[arg(long, global = true, env = "VERDICT_DATA_DIR", value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// The profile acting (its roles decide what it may do); publishing commands default to
    /// the desk's only publisher.
    #[arg(
        long = "as",
        global = true,
        env = "VERDICT_PROFILE",
        value_name = "PROFILE"
    )]
    pub(crate) acting: Option<String>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) enum TargetCommand {
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
pub(crate) enum KindArg {
    Http,
    Wordpress,
    Folder,
    Ghost,
}

#[derive(clap::Args, Clone)]
pub(crate) struct RunArgs {
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4)]
    pub(crate) concurrency: usize,
    /// Attempts before a job is marked failed.
    #[arg(long, default_value_t = 8)]
    pub(crate) max_attempts: u32,
    /// Seconds before a request is abandoned and retried.
    #[arg(long, default_value_t = 30.0)]
    pub(crate) timeout: f64,
    /// First retry delay in milliseconds (doubling after each failure, with jitter).
    #[arg(long, default_value_t = 500)]
    pub(crate) retry_delay_ms: u64,
    /// Only queue the jobs; do not run them now.
    #[arg(long)]
    pub(crate) no_run: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Format {
    Html,
    Json,
    Md,
}
