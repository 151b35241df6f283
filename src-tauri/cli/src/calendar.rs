//! `verdict assign` and `verdict calendar`: who holds a page and when it is due, and the
//! editorial calendar of a month in a time zone.

use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use clap::Args;
use verdict_core::desk::{Assignment, CalendarEntryKind, CalendarQuery, Desk};
use verdict_core::model::ComparisonStatus;
use verdict_core::workflow::Role;

use crate::Failure;

#[derive(Args)]
pub struct AssignArgs {
    /// The comparison's slug.
    page: String,
    /// The editor who holds it (a profile's slug; on a team, a member's login); "" clears.
    #[arg(long = "to", value_name = "MEMBER")]
    assignee: Option<String>,
    /// The day it is due (YYYY-MM-DD); "" clears.
    #[arg(long, value_name = "DATE")]
    due: Option<String>,
    /// The day its verdicts are due from its panel (YYYY-MM-DD); "" clears.
    #[arg(long, value_name = "DATE")]
    verdicts_due: Option<String>,
}

#[derive(Args)]
pub struct CalendarArgs {
    /// The month (YYYY-MM; default: this month in the time zone).
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<String>,
    /// The IANA time zone the days and times are in.
    #[arg(
        long,
        env = "VERDICT_TIME_ZONE",
        default_value = "UTC",
        value_name = "ZONE"
    )]
    tz: String,
    /// Only this person's: pages assigned to them, verdicts they owe.
    #[arg(long, value_name = "PROFILE")]
    person: Option<String>,
    /// Only pages in this state (draft, in_review, approved, scheduled, published).
    #[arg(long)]
    status: Option<String>,
    /// Only pages showing a tool of this category.
    #[arg(long)]
    category: Option<String>,
    /// Print JSON instead of lines.
    #[arg(long)]
    json: bool,
}

/// The profile assigning: `--as`, the member signed in, or the desk's only editor.
fn assigner(desk: &Desk, acting: Option<&str>) -> Result<String, Failure> {
    if let Some(slug) = acting {
        return Ok(slug.to_string());
    }
    if let Some(link) = desk.team_link()? {
        return Ok(link.user);
    }
    let editors: Vec<String> = desk
        .profiles()?
        .into_iter()
        .filter(|p| p.has(Role::Editor))
        .map(|p| p.slug)
        .collect();
    match editors.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Failure(
            "say who assigns with --as PROFILE (an editor or a publisher)".into(),
        )),
    }
}

pub fn assign(desk: &Desk, acting: Option<&str>, args: AssignArgs) -> Result<(), Failure> {
    if args.assignee.is_none() && args.due.is_none() && args.verdicts_due.is_none() {
        return Err(Failure(
            "give --to MEMBER, --due DATE or --verdicts-due DATE".into(),
        ));
    }
    let who = assigner(desk, acting)?;
    let page = desk.assign(
        &who,
        &args.page,
        &Assignment {
            assignee: args.assignee,
            due: args.due,
            verdicts_due: args.verdicts_due,
        },
    )?;
    let or_none = |v: Option<String>| v.unwrap_or_else(|| "nobody".into());
    println!(
        "{}: held by {}, due {}, verdicts due {}",
        page.slug,
        or_none(page.assignee),
        page.due.map_or("-".into(), |d| d.to_string()),
        page.verdicts_due.map_or("-".into(), |d| d.to_string()),
    );
    Ok(())
}

pub fn calendar(desk: &Desk, args: CalendarArgs) -> Result<(), Failure> {
    let tz = verdict_core::desk::time_zone(&args.tz)?;
    let first = match &args.month {
        Some(m) => NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").map_err(|_| {
            Failure(format!(
                "--month: a month as YYYY-MM is expected, not \"{m}\""
            ))
        })?,
        None => Utc::now()
            .with_timezone(&tz)
            .date_naive()
            .with_day(1)
            .expect("day 1"),
    };
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .ok_or_else(|| Failure("--month: out of range".into()))?;
    let status = match &args.status {
        Some(s) => Some(
            serde_json::from_value::<ComparisonStatus>(serde_json::Value::String(s.clone()))
                .map_err(|_| {
                    Failure(format!(
                        "--status: one of draft, in_review, approved, scheduled, published; not \"{s}\""
                    ))
                })?,
        ),
        None => None,
    };
    let cal = desk.calendar(&CalendarQuery {
        from: first,
        to: last,
        time_zone: args.tz,
        person: args.person,
        status,
        category: args.category,
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&cal)?);
        return Ok(());
    }
    println!("{} to {} ({})", cal.from, cal.to, cal.time_zone);
    if cal.entries.is_empty() {
        println!("nothing on the calendar");
    }
    for e in &cal.entries {
        let what = match e.kind {
            CalendarEntryKind::Scheduled => "scheduled",
            CalendarEntryKind::Published => "published",
            CalendarEntryKind::PageDue => "page due",
            CalendarEntryKind::VerdictsDue => "verdicts due",
            CalendarEntryKind::FactDue => "recheck",
        };
        let held = e
            .assignee
            .as_deref()
            .map(|a| format!("  held by {a}"))
            .unwrap_or_default();
        println!(
            "{}  {:5}  {:12}  {} ({}){held}{}",
            e.day,
            e.time.as_deref().unwrap_or(""),
            what,
            e.title,
            e.slug,
            if e.overdue { "  OVERDUE" } else { "" },
        );
    }
    Ok(())
}
