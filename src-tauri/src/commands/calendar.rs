//! Commands for the editorial calendar and assignments: the entries of a range of days,
//! assigning a page, and rescheduling one from the calendar.

use tauri::State;
use verdict_core::desk::{Assignment, Calendar, CalendarQuery};
use verdict_core::model::Comparison;
use verdict_core::ApiError;

use crate::state::AppState;

/// The calendar of `query`'s days in its time zone: scheduled pages at their time, published
/// pages on their day, pages and verdicts at their due date, filtered by person, status and
/// category. A bad zone or range is refused with code "invalid" naming the field.
#[tauri::command(async)]
pub fn calendar(state: State<'_, AppState>, query: CalendarQuery) -> Result<Calendar, ApiError> {
    Ok(state.desk()?.calendar(&query)?)
}

/// Sets who holds the page `slug` and when it and its verdicts are due, as `profile` (an
/// editor or a publisher); only the fields given change, an empty text clears one. The
/// assignee must be an editor; dates are YYYY-MM-DD (code "invalid" naming the field).
#[tauri::command(async)]
pub fn assign_page(
    state: State<'_, AppState>,
    profile: String,
    slug: String,
    assignment: Assignment,
) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.assign(&profile, &slug, &assignment)?)
}

/// Moves the scheduled page `slug` to `day` (YYYY-MM-DD) at `time` (HH:MM, or the time it
/// had) in `time_zone`, through the Schedule action: publishers only (code "forbidden"), a
/// time in the past refused with the reason (code "invalid", field "scheduled_for").
#[tauri::command(async)]
pub fn reschedule_page(
    state: State<'_, AppState>,
    profile: String,
    slug: String,
    day: String,
    time: Option<String>,
    time_zone: String,
) -> Result<Comparison, ApiError> {
    Ok(state
        .desk()?
        .reschedule_on(&profile, &slug, &day, time.as_deref(), &time_zone)?)
}
