//! The link check's cache (table `link_checks`): each link's last result and its date.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection};

use super::check::{LinkResult, LinkState};

/// Records `results`, replacing each link's earlier one.
pub fn record(conn: &Connection, results: &[LinkResult]) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO link_checks (url, state, status, said, checked_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(url) DO UPDATE SET state = excluded.state, status = excluded.status,
             said = excluded.said, checked_at = excluded.checked_at",
    )?;
    for r in results {
        stmt.execute(params![
            r.url,
            r.state.as_str(),
            r.status,
            r.said,
            r.checked_at.to_rfc3339_opts(SecondsFormat::Millis, true)
        ])?;
    }
    Ok(())
}

/// The cached results of the links among `urls` that have one.
pub fn cached(conn: &Connection, urls: &[String]) -> rusqlite::Result<HashMap<String, LinkResult>> {
    let mut stmt = conn
        .prepare_cached("SELECT state, status, said, checked_at FROM link_checks WHERE url = ?1")?;
    let mut out = HashMap::new();
    for url in urls {
        if out.contains_key(url) {
            continue;
        }
        let mut rows = stmt.query([url])?;
        if let Some(row) = rows.next()? {
            let at: String = row.get(3)?;
            let checked_at = DateTime::parse_from_rfc3339(&at)
                .map(|d| d.with_timezone(&Utc))
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
            out.insert(
                url.clone(),
                LinkResult {
                    url: url.clone(),
                    state: LinkState::parse(&row.get::<_, String>(0)?),
                    status: row.get(1)?,
                    said: row.get(2)?,
                    checked_at,
                },
            );
        }
    }
    Ok(out)
}
