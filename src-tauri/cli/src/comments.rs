//! `verdict comments PAGE` and `verdict comment add | reply | resolve | reopen`: comments on
//! the words of a page, its tools and their verdicts.

use clap::{Args, Subcommand};
use verdict_core::comments::{CommentTarget, CommentThread, NewComment};
use verdict_core::desk::Desk;
use verdict_core::model::EntityKind;

use crate::Failure;

#[derive(Args)]
pub struct ListArgs {
    /// The comparison's slug: its own threads, its tools' and their verdicts'.
    page: String,
    /// Resolved threads too.
    #[arg(long)]
    all: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum CommentCommand {
    /// Open a thread on words of a field: `--on tool:SLUG:description --words "the words"`.
    Add {
        /// KIND:KEY:FIELD (a verdict's key is reviewer/tool), e.g. comparison:a-vs-b:intro.
        #[arg(long, value_name = "KIND:KEY:FIELD")]
        on: String,
        /// The words to comment on, as they are in the saved field.
        #[arg(long)]
        words: String,
        /// Which occurrence of the words, when they occur more than once (1 is the first).
        #[arg(long, default_value_t = 1)]
        nth: usize,
        /// The comment; `@login` mentions a member.
        body: String,
    },
    /// Reply to a thread.
    Reply { thread: String, body: String },
    /// Resolve a thread.
    Resolve { thread: String },
    /// Reopen a resolved thread.
    Reopen { thread: String },
}

/// Who comments: `--as`, else the member signed in to the desk's team.
fn commenter(desk: &Desk, acting: Option<&str>) -> Result<String, Failure> {
    if let Some(slug) = acting {
        return Ok(slug.to_string());
    }
    match desk.team_link()? {
        Some(link) => Ok(link.user),
        None => Err(Failure("say who comments with --as PROFILE".into())),
    }
}

pub fn list(desk: &Desk, args: ListArgs) -> Result<(), Failure> {
    desk.comparison(&args.page)?;
    let threads: Vec<CommentThread> = desk
        .page_comments(&args.page)?
        .into_iter()
        .filter(|t| args.all || t.resolved_at.is_none())
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&threads)?);
        return Ok(());
    }
    if threads.is_empty() {
        println!("no open comments on {}", args.page);
    }
    for t in &threads {
        let state = match (&t.resolved_by, t.anchor.deleted) {
            (Some(by), _) => format!(" (resolved by {by})"),
            (None, true) => " (on deleted text)".to_string(),
            (None, false) => String::new(),
        };
        println!(
            "{} {}:{}:{} \"{}\"{state}",
            t.id,
            t.target.kind.as_str(),
            t.target.key,
            t.target.field,
            t.anchor.quote
        );
        for c in &t.comments {
            let pending = if c.pending { " [not sent yet]" } else { "" };
            println!("  {} ({}){pending}: {}", c.author, c.created_at, c.body);
        }
    }
    Ok(())
}

/// The target named by KIND:KEY:FIELD.
fn target(on: &str) -> Result<CommentTarget, Failure> {
    let mut parts = on.splitn(3, ':');
    let (Some(kind), Some(key), Some(field)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Failure(format!("--on: \"{on}\" is not KIND:KEY:FIELD")));
    };
    let kind = EntityKind::parse(kind).ok_or_else(|| {
        Failure(format!(
            "--on: no kind \"{kind}\" (tool, reviewer, verdict, comparison)"
        ))
    })?;
    Ok(CommentTarget {
        kind,
        key: key.into(),
        field: field.into(),
    })
}

/// The saved text of a field, to find the words in.
fn field_text(desk: &Desk, t: &CommentTarget) -> Result<String, Failure> {
    let doc = match t.kind {
        EntityKind::Tool => serde_json::to_value(desk.tool(&t.key)?)?,
        EntityKind::Comparison => serde_json::to_value(desk.comparison(&t.key)?)?,
        EntityKind::Reviewer => serde_json::to_value(desk.reviewer(&t.key)?)?,
        EntityKind::Verdict => {
            let (reviewer, tool) = t
                .key
                .split_once('/')
                .ok_or_else(|| Failure("--on: a verdict's key is reviewer/tool".into()))?;
            serde_json::to_value(
                desk.verdict(reviewer, tool)?
                    .ok_or_else(|| Failure(format!("no verdict \"{}\"", t.key)))?,
            )?
        }
        _ => {
            return Err(Failure(
                "--on: comments sit on tools, reviewers, verdicts and comparisons".into(),
            ))
        }
    };
    doc.get(&t.field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| Failure(format!("--on: no text field \"{}\"", t.field)))
}

pub fn run(desk: &Desk, acting: Option<&str>, command: CommentCommand) -> Result<(), Failure> {
    let who = commenter(desk, acting)?;
    let thread = match command {
        CommentCommand::Add {
            on,
            words,
            nth,
            body,
        } => {
            let target = target(&on)?;
            let text = field_text(desk, &target)?;
            let at = text
                .match_indices(words.as_str())
                .nth(nth.saturating_sub(1))
                .map(|(i, _)| i)
                .ok_or_else(|| {
                    Failure(format!(
                        "--words: \"{words}\" is not in the {} (occurrence {nth})",
                        target.field
                    ))
                })?;
            // Offsets are UTF-16 units, as the app's selections count them.
            let start = text[..at].encode_utf16().count() as u32;
            let end = start + words.encode_utf16().count() as u32;
            desk.add_comment(
                &who,
                &NewComment {
                    target,
                    start,
                    end,
                    body,
                },
            )?
        }
        CommentCommand::Reply { thread, body } => desk.reply_comment(&who, &thread, &body)?,
        CommentCommand::Resolve { thread } => desk.resolve_comment(&who, &thread, true)?,
        CommentCommand::Reopen { thread } => desk.resolve_comment(&who, &thread, false)?,
    };
    let state = if thread.resolved_at.is_some() {
        "resolved"
    } else {
        "open"
    };
    println!(
        "{} on \"{}\": {} comment(s), {state}",
        thread.id,
        thread.anchor.quote,
        thread.comments.len()
    );
    Ok(())
}
