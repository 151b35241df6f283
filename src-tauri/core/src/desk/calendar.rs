//! The editorial calendar: scheduled and published pages, due dates and the facts due for a
//! recheck, on the days of a member's time zone (times are stored in UTC), and rescheduling a
//! page from it.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{Desk, DeskError};
use crate::facts::Fact;
use crate::model::{Comparison, ComparisonStatus, SiteSettings};
use crate::store::{Store, StoreError};
use crate::workflow::PageAction;

/// The most days one calendar answer covers (a month view shows six weeks).
pub const MAX_CALENDAR_DAYS: i64 = 62;

/// Which days to show, in which time zone, and whose work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// The first day shown, in `time_zone`.
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// The last day shown (included).
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// An IANA time zone name, e.g. "Europe/Berlin".
    pub time_zone: String,
    /// Only this person's: pages assigned to them, and for a reviewer the verdicts they owe.
    #[serde(default)]
    pub person: Option<String>,
    /// Only pages in this workflow state.
    #[serde(default)]
    pub status: Option<ComparisonStatus>,
    /// Only pages showing a tool of this category.
    #[serde(default)]
    pub category: Option<String>,
}

/// What an entry of the calendar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CalendarEntryKind {
    /// A page to be published at its time.
    Scheduled,
    /// A page published that day.
    Published,
    /// A page due from its assignee.
    PageDue,
    /// A page's verdicts due from its panel.
    VerdictsDue,
    /// A tool's fact (price, license, links) whose check runs out that day: its slug is the
    /// tool's, and it opens the tool.
    FactDue,
}

/// One thing on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CalendarEntry {
    pub kind: CalendarEntryKind,
    /// The comparison it is about; for a fact due, the tool.
    pub slug: String,
    pub title: String,
    /// The comparison's workflow state; none for a fact due.
    pub status: Option<ComparisonStatus>,
    /// The day, in the query's time zone.
    #[ts(type = "string")]
    pub day: NaiveDate,
    /// The time of day ("HH:MM") in the query's time zone, for scheduled and published pages.
    pub time: Option<String>,
    /// The instant, for scheduled and published pages.
    #[ts(type = "string | null")]
    pub at: Option<DateTime<Utc>>,
    pub assignee: Option<String>,
    /// A due date before today that is not done (the page is not published yet, the fact
    /// not checked again).
    pub overdue: bool,
}

/// The entries of a range of days, ordered by day, then time, then kind and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Calendar {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    pub time_zone: String,
    pub entries: Vec<CalendarEntry>,
}

/// The time zone named `name`, or a problem naming the field.
pub fn time_zone(name: &str) -> Result<Tz, StoreError> {
    name.trim().parse::<Tz>().map_err(|_| {
        StoreError::invalid(
            "time_zone",
            format!(
                "\"{name}\" is not a time zone name (e.g. Europe/Berlin, America/New_York, UTC)"
            ),
        )
    })
}

/// The instant a wall-clock time of `tz` names: the earlier of two in the hour the clocks
/// go back; refused (naming the field) in the hour they skip.
pub fn local_instant(
    tz: &Tz,
    day: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<Utc>, StoreError> {
    tz.from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            StoreError::invalid(
                "scheduled_for",
                format!(
                    "{day} {} does not exist in {tz}: the clocks skip that hour; choose another time",
                    time.format("%H:%M")
                ),
            )
        })
}

impl Desk {
    /// The calendar of `query`'s days: scheduled pages at their time, published pages on
    /// their day, pages due from their assignee, verdicts due from a page's panel, and the
    /// facts of the tools pages show on the day their check runs out (the site's windows).
    pub fn calendar(&self, query: &CalendarQuery) -> Result<Calendar, DeskError> {
        let tz = time_zone(&query.time_zone)?;
        let days = (query.to - query.from).num_days();
        if days < 0 {
            return Err(StoreError::invalid("to", "the last day comes before the first").into());
        }
        if days >= MAX_CALENDAR_DAYS {
            return Err(StoreError::invalid(
                "to",
                format!("a calendar shows at most {MAX_CALENDAR_DAYS} days at once"),
            )
            .into());
        }
        let store = self.store();
        let reviewer = match &query.person {
            Some(p) => store.profile(p)?.and_then(|p| p.reviewer),
            None => None,
        };
        // Instants a day either side of the range's UTC span: every zone's days are inside.
        let lo = (query.from - Duration::days(1)).to_string();
        let hi = (query.to + Duration::days(2)).to_string();
        let pages = comparisons_dated_between(&store, &lo, &hi)?;
        let categories: HashMap<String, String> = match &query.category {
            Some(_) => tool_categories(&store)?,
            None => HashMap::new(),
        };
        let today = Utc::now().with_timezone(&tz).date_naive();
        let mut entries = facts_due(&store, query, today)?;
        drop(store);
        let in_range = |d: NaiveDate| d >= query.from && d <= query.to;
        for page in pages.iter().filter(|c| keep(c, query, &categories)) {
            let assigned = |c: &Comparison| {
                query.person.is_none() || c.assignee.as_deref() == query.person.as_deref()
            };
            let entry = |kind, day: NaiveDate, at: Option<DateTime<Utc>>| CalendarEntry {
                kind,
                slug: page.slug.clone(),
                title: page.title.clone(),
                status: Some(page.status),
                day,
                time: at.map(|t| t.with_timezone(&tz).format("%H:%M").to_string()),
                at,
                assignee: page.assignee.clone(),
                overdue: at.is_none() && day < today && page.status != ComparisonStatus::Published,
            };
            let timed = [
                (CalendarEntryKind::Scheduled, page.scheduled_for),
                (CalendarEntryKind::Published, page.published_at),
            ];
            for (kind, at) in timed {
                let Some(at) = at else { continue };
                if kind == CalendarEntryKind::Scheduled
                    && page.status != ComparisonStatus::Scheduled
                {
                    continue;
                }
                let day = at.with_timezone(&tz).date_naive();
                if in_range(day) && assigned(page) {
                    entries.push(entry(kind, day, Some(at)));
                }
            }
            if let Some(day) = page.due.filter(|d| in_range(*d)) {
                if assigned(page) {
                    entries.push(entry(CalendarEntryKind::PageDue, day, None));
                }
            }
            if let Some(day) = page.verdicts_due.filter(|d| in_range(*d)) {
                let owes = query.person.is_none()
                    || reviewer
                        .as_deref()
                        .is_some_and(|r| page.panel.iter().any(|p| p == r));
                if owes {
                    entries.push(entry(CalendarEntryKind::VerdictsDue, day, None));
                }
            }
        }
        entries.sort_by(|a, b| {
            (a.day, &a.time, a.kind, &a.title).cmp(&(b.day, &b.time, b.kind, &b.title))
        });
        Ok(Calendar {
            from: query.from,
            to: query.to,
            time_zone: tz.name().to_string(),
            entries,
        })
    }

    /// [`Desk::reschedule`] with the day as typed ("YYYY-MM-DD"), refused naming `day`.
    pub fn reschedule_on(
        &self,
        profile: &str,
        slug: &str,
        day: &str,
        time: Option<&str>,
        time_zone_name: &str,
    ) -> Result<Comparison, DeskError> {
        let day = super::parse_due("day", Some(day))
            .map_err(|p| StoreError::Invalid(vec![p]))?
            .ok_or_else(|| StoreError::invalid("day", "choose the day to move the page to"))?;
        self.reschedule(profile, slug, day, time, time_zone_name)
    }

    /// Moves a scheduled page to `day` (and `time`, "HH:MM", or the time it had) in
    /// `time_zone`, through the Schedule action's rules: a publisher's step, and a time in
    /// the past is refused with the reason.
    pub fn reschedule(
        &self,
        profile: &str,
        slug: &str,
        day: NaiveDate,
        time: Option<&str>,
        time_zone_name: &str,
    ) -> Result<Comparison, DeskError> {
        let tz = time_zone(time_zone_name)?;
        let page = self.comparison(slug)?;
        let time = match time.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| {
                StoreError::invalid("time", format!("a time as HH:MM is expected, not \"{t}\""))
            })?,
            None => page
                .scheduled_for
                .map(|at| at.with_timezone(&tz).time())
                .unwrap_or_else(|| NaiveTime::from_hms_opt(9, 0, 0).expect("a time")),
        };
        let at = local_instant(&tz, day, time)?;
        self.page_action(profile, slug, PageAction::Schedule { at })
    }
}

/// The facts whose check runs out on a day of `query` (checked on + the site's window), of
/// the tools a page shows (a person's: the pages they hold), one entry per tool and fact.
/// Facts have no workflow state: a status filter leaves them out. The tools are found by
/// their stored dates, and whether a page shows them through the pages' tool index.
fn facts_due(
    store: &Store,
    query: &CalendarQuery,
    today: NaiveDate,
) -> Result<Vec<CalendarEntry>, StoreError> {
    if query.status.is_some() {
        return Ok(Vec::new());
    }
    let site: SiteSettings = store.site()?;
    let mut entries = Vec::new();
    for fact in Fact::ALL {
        let window = Duration::days(i64::from(fact.window(&site)));
        let (lo, hi) = (query.from - window, query.to - window);
        let sql = format!(
            "SELECT t.doc FROM tools t
              WHERE json_extract(t.doc, '$.{path}') BETWEEN ?1 AND ?2
                AND (?3 IS NULL OR t.category = ?3 COLLATE NOCASE)
                AND EXISTS (SELECT 1 FROM comparison_tools ct
                              JOIN comparisons c ON c.id = ct.comparison_id
                             WHERE ct.tool_id = t.id
                               AND (?4 IS NULL OR json_extract(c.doc, '$.assignee') = ?4))
              ORDER BY t.slug",
            path = fact.date_field()
        );
        let mut stmt = store.conn().prepare_cached(&sql)?;
        let docs = stmt
            .query_map(
                rusqlite::params![
                    lo.to_string(),
                    hi.to_string(),
                    query.category.as_deref().map(str::trim),
                    query.person.as_deref()
                ],
                |r| r.get::<_, String>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for doc in docs {
            let tool: crate::model::Tool = serde_json::from_str(&doc).map_err(|e| {
                StoreError::invalid("doc", format!("a stored tool does not read: {e}"))
            })?;
            let Some(day) = fact.checked_on(&tool).map(|d| d + window) else {
                continue;
            };
            entries.push(CalendarEntry {
                kind: CalendarEntryKind::FactDue,
                title: format!("Recheck {}'s {}", tool.name, fact.label()),
                slug: tool.slug,
                status: None,
                day,
                time: None,
                at: None,
                assignee: None,
                overdue: day < today,
            });
        }
    }
    Ok(entries)
}

/// Whether a page passes the query's status and category filters.
fn keep(page: &Comparison, query: &CalendarQuery, categories: &HashMap<String, String>) -> bool {
    query.status.is_none_or(|s| s == page.status)
        && query.category.as_deref().is_none_or(|cat| {
            page.tools.iter().any(|t| {
                categories
                    .get(t)
                    .is_some_and(|c| c.eq_ignore_ascii_case(cat))
            })
        })
}

/// The pages with a schedule, publish time or due date from `lo` up to `hi` (ISO text: the
/// stored dates and UTC times compare as text), read by their stored fields, so a month of
/// a desk of thousands of pages parses only that month's.
fn comparisons_dated_between(
    store: &Store,
    lo: &str,
    hi: &str,
) -> Result<Vec<Comparison>, StoreError> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT slug, doc FROM comparisons
          WHERE json_extract(doc, '$.scheduled_for') >= ?1 AND json_extract(doc, '$.scheduled_for') < ?2
             OR json_extract(doc, '$.published_at') >= ?1 AND json_extract(doc, '$.published_at') < ?2
             OR json_extract(doc, '$.due') >= ?1 AND json_extract(doc, '$.due') < ?2
             OR json_extract(doc, '$.verdicts_due') >= ?1 AND json_extract(doc, '$.verdicts_due') < ?2
          ORDER BY slug",
    )?;
    let rows = stmt
        .query_map([lo, hi], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(slug, doc)| {
            serde_json::from_str(&doc).map_err(|e| {
                StoreError::invalid(
                    "doc",
                    format!("the stored comparison \"{slug}\" does not read: {e}"),
                )
            })
        })
        .collect()
}

/// Each tool's category, by slug.
fn tool_categories(store: &Store) -> Result<HashMap<String, String>, StoreError> {
    let mut stmt = store
        .conn()
        .prepare_cached("SELECT slug, category FROM tools")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
