//! Field-level validation: every problem at once, each naming its field.

use crate::facts::types::{ToolFacts, MAX_WINDOW_DAYS};
use std::fmt;

use serde::Serialize;

use crate::model::{
    Comparison, ComparisonStatus, EntryPrice, Reviewer, SiteSettings, Tool, Verdict, VerdictStatus,
    MAX_SCREENSHOTS,
};

/// One problem with one field. `field` is a path such as `links.homepage` or `tools[1]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same problem seen from a container, e.g. `name` inside `tools[2]`.
    pub fn prefixed(self, prefix: &str) -> Self {
        let field = if self.field.is_empty() {
            prefix.to_string()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        FieldError { field, ..self }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Implemented by every noun the desk saves.
pub trait Validate {
    /// Every problem found; empty when the value may be saved.
    fn validate(&self) -> Vec<FieldError>;
}

pub const MAX_SLUG: usize = 100;
pub const MAX_NAME: usize = 120;
pub const MAX_LINE: usize = 300;
/// Long-form Markdown fields (descriptions, quotes, intros).
pub const MAX_TEXT: usize = 100_000;
/// Alt text of an image (the media store holds its own to the same bound).
pub const MAX_ALT: usize = 1000;

struct Checker(Vec<FieldError>);

impl Checker {
    fn err(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    fn slug(&mut self, field: &str, value: &str) {
        if let Some(problem) = slug_problem(value) {
            self.err(field, problem);
        }
    }

    fn required(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.err(field, "must not be empty");
        } else {
            self.max(field, value, max);
        }
    }

    fn max(&mut self, field: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.err(field, format!("is {n} characters long; the limit is {max}"));
        }
    }

    fn single_line(&mut self, field: &str, value: &str, max: usize) {
        self.max(field, value, max);
        if value.chars().any(char::is_control) {
            self.err(field, "must be a single line without control characters");
        }
    }

    fn text(&mut self, field: &str, value: &str) {
        self.max(field, value, MAX_TEXT);
        if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            self.err(field, "contains control characters");
        }
    }

    fn media_hash(&mut self, field: &str, value: &str) {
        if !is_media_hash(value) {
            self.err(
                field,
                format!("\"{value}\" is not an image hash of this desk (64 hex digits)"),
            );
        }
    }

    fn url(&mut self, field: &str, value: &Option<String>) {
        if let Some(v) = value {
            if let Some(problem) = url_problem(v) {
                self.err(field, problem);
            }
        }
    }
}

/// Whether `value` is written as a media hash: 64 lowercase hex digits (SHA-256).
pub fn is_media_hash(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Why `value` is not a slug, if it is not one.
pub fn slug_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("must not be empty".into());
    }
    if value.len() > MAX_SLUG {
        return Some(format!("must be at most {MAX_SLUG} characters"));
    }
    let ok_chars = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok_chars || value.starts_with('-') || value.ends_with('-') || value.contains("--") {
        return Some(format!(
            "\"{value}\" is not a slug: use lowercase letters, digits and single hyphens"
        ));
    }
    None
}

/// Why `value` is not an absolute http(s) URL, if it is not one.
pub fn url_problem(value: &str) -> Option<String> {
    match url::Url::parse(value) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() => None,
        Ok(u) => Some(format!(
            "must be an http or https address, not \"{}:\"",
            u.scheme()
        )),
        // The parser's own words ("relative URL without a base") mean nothing to an editor.
        Err(url::ParseError::RelativeUrlWithoutBase) => Some(format!(
            "is not a full web address: write it with https://, e.g. \"https://{}\"",
            value.trim().trim_start_matches('/')
        )),
        Err(url::ParseError::EmptyHost) | Err(url::ParseError::InvalidDomainCharacter) => {
            Some("is not a web address: the part after https:// is not a domain name".into())
        }
        Err(_) => Some("is not a valid web address".into()),
    }
}

/// Every problem with a tool's fact sources, each naming its field (`facts.license.source`).
fn validate_facts(facts: &ToolFacts) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut one = |key: &str, source: &Option<String>, checked_by: &Option<String>| {
        if let Some(problem) = source.as_deref().and_then(url_problem) {
            out.push(FieldError::new(
                format!("facts.{key}.source"),
                format!("the source {problem}"),
            ));
        }
        if let Some(who) = checked_by {
            if who.trim().is_empty()
                || who.chars().count() > MAX_NAME
                || who.contains(char::is_control)
            {
                out.push(FieldError::new(
                    format!("facts.{key}.checked_by"),
                    format!("must be a name of 1 to {MAX_NAME} characters on one line"),
                ));
            }
        }
    };
    one("price", &facts.price.source, &facts.price.checked_by);
    for (fact, s) in facts.dated() {
        one(fact.key(), &s.source, &s.checked_by);
    }
    out
}

/// Problems with the site's freshness windows.
fn validate_windows(site: &SiteSettings) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (field, days) in [
        ("price_recheck_days", site.price_recheck_days),
        ("facts_recheck_days", site.facts_recheck_days),
    ] {
        if let Some(d) = days.filter(|d| !(1..=MAX_WINDOW_DAYS).contains(d)) {
            out.push(FieldError::new(
                field,
                format!("must be from 1 to {MAX_WINDOW_DAYS} days, not {d}"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod url_tests {
    use super::url_problem;

    #[test]
    fn a_url_problem_is_said_in_an_editors_words() {
        assert_eq!(url_problem("https://www.llama.com"), None);
        let said = url_problem("www.llama.com").unwrap();
        assert_eq!(
            said,
            "is not a full web address: write it with https://, e.g. \"https://www.llama.com\""
        );
        for bad in [
            "www.llama.com",
            "https://",
            "ht!tp://x",
            "https://exa mple.com",
        ] {
            let said = url_problem(bad).unwrap_or_default();
            assert!(!said.is_empty(), "{bad:?} passes");
            assert!(!said.contains("relative URL"), "{bad:?}: {said}");
            assert!(!said.contains("base"), "{bad:?}: {said}");
        }
    }
}

/// Turns a title into a slug: "Llama 4 Scout" → "llama-4-scout".
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(MAX_SLUG);
    out.trim_end_matches('-').to_string()
}

impl Validate for Tool {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker(Vec::new());
        c.slug("slug", &self.slug);
        c.required("name", &self.name, MAX_NAME);
        c.single_line("name", &self.name, MAX_NAME);
        c.single_line("vendor", &self.vendor, MAX_NAME);
        c.single_line("category", &self.category, MAX_NAME);
        c.single_line("tagline", &self.tagline, MAX_LINE);
        c.single_line("license", &self.license, MAX_LINE);
        c.text("description", &self.description);
        if let EntryPrice::Amount {
            amount_cents,
            currency,
            ..
        } = &self.entry_price
        {
            if *amount_cents == 0 {
                c.err(
                    "entry_price.amount_cents",
                    "must be more than zero (use the \"free\" kind for free tools)",
                );
            }
            if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_uppercase()) {
                c.err(
                    "entry_price.currency",
                    format!("\"{currency}\" is not a three-letter currency code such as USD"),
                );
            }
        }
        c.url("links.homepage", &self.links.homepage);
        c.url("links.weights", &self.links.weights);
        c.url("links.docs", &self.links.docs);
        c.0.extend(validate_facts(&self.facts));
        if let Some(logo) = &self.logo {
            c.media_hash("logo", logo);
        }
        if self.screenshots.len() > MAX_SCREENSHOTS {
            c.err(
                "screenshots",
                format!(
                    "at most {MAX_SCREENSHOTS} screenshots ({} given)",
                    self.screenshots.len()
                ),
            );
        }
        for (i, shot) in self.screenshots.iter().enumerate() {
            let field = format!("screenshots[{i}]");
            c.media_hash(&format!("{field}.media"), &shot.media);
            if self.screenshots[..i].iter().any(|s| s.media == shot.media) {
                c.err(
                    &format!("{field}.media"),
                    "this image is already a screenshot",
                );
            }
            if !shot.decorative && shot.alt.trim().is_empty() {
                c.err(
                    &format!("{field}.alt"),
                    "say what the screenshot shows (or mark it decorative)",
                );
            }
            c.single_line(&format!("{field}.alt"), &shot.alt, MAX_ALT);
            c.single_line(&format!("{field}.credit"), &shot.credit, MAX_LINE);
        }
        c.0
    }
}

impl Validate for Reviewer {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker(Vec::new());
        c.slug("slug", &self.slug);
        c.required("name", &self.name, MAX_NAME);
        c.single_line("name", &self.name, MAX_NAME);
        c.required("persona", &self.persona, MAX_NAME);
        c.single_line("persona", &self.persona, MAX_NAME);
        c.text("bio", &self.bio);
        for (i, q) in self.rubric.iter().enumerate() {
            let field = format!("rubric[{i}]");
            c.required(&field, q, MAX_LINE);
            c.single_line(&field, q, MAX_LINE);
        }
        c.0
    }
}

impl Validate for Verdict {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker(Vec::new());
        c.slug("reviewer", &self.reviewer);
        c.slug("tool", &self.tool);
        c.text("quote", &self.quote);
        match (&self.status, &self.return_comment) {
            (VerdictStatus::Returned, None) => c.err(
                "return_comment",
                "a returned verdict needs a comment saying why",
            ),
            (VerdictStatus::Returned, Some(s)) if s.trim().is_empty() => c.err(
                "return_comment",
                "a returned verdict needs a comment saying why",
            ),
            (_, Some(s)) => c.text("return_comment", s),
            _ => {}
        }
        if matches!(
            self.status,
            VerdictStatus::Submitted | VerdictStatus::Accepted
        ) && self.quote.trim().is_empty()
        {
            c.err("quote", "a submitted verdict needs a quote");
        }
        if self.updated_at < self.created_at {
            c.err("updated_at", "is earlier than created_at");
        }
        c.0
    }
}

impl Validate for Comparison {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker(Vec::new());
        c.slug("slug", &self.slug);
        c.required("title", &self.title, MAX_LINE);
        c.single_line("title", &self.title, MAX_LINE);
        c.single_line("dek", &self.dek, MAX_LINE * 2);
        c.text("intro", &self.intro);
        if self.tools.len() < 2 {
            c.err("tools", "a comparison needs at least two tools");
        }
        for (i, t) in self.tools.iter().enumerate() {
            c.slug(&format!("tools[{i}]"), t);
            if self.tools[..i].contains(t) {
                c.err(&format!("tools[{i}]"), format!("\"{t}\" is listed twice"));
            }
        }
        for (i, r) in self.panel.iter().enumerate() {
            c.slug(&format!("panel[{i}]"), r);
            if self.panel[..i].contains(r) {
                c.err(&format!("panel[{i}]"), format!("\"{r}\" is listed twice"));
            }
        }
        if let Some(a) = &self.assignee {
            c.slug("assignee", a);
        }
        if self.status == ComparisonStatus::Scheduled && self.scheduled_for.is_none() {
            c.err(
                "scheduled_for",
                "a scheduled comparison needs a publish time",
            );
        }
        c.0
    }
}

impl Validate for SiteSettings {
    fn validate(&self) -> Vec<FieldError> {
        let mut c = Checker(Vec::new());
        c.required("site_name", &self.site_name, MAX_NAME);
        c.single_line("site_name", &self.site_name, MAX_NAME);
        c.single_line("kicker", &self.kicker, MAX_LINE);
        c.single_line("default_dek", &self.default_dek, MAX_LINE * 2);
        c.single_line("newsletter.kicker", &self.newsletter.kicker, MAX_LINE);
        c.single_line("newsletter.heading", &self.newsletter.heading, MAX_LINE);
        c.text("newsletter.body", &self.newsletter.body);
        c.slug("theme", &self.theme);
        c.url("base_url", &self.base_url);
        c.url("vote_service", &self.vote_service);
        c.0.extend(validate_windows(self));
        if let Some(points) = self.vote_republish_points {
            if !(1..=crate::model::MAX_VOTE_REPUBLISH_POINTS).contains(&points) {
                c.err(
                    "vote_republish_points",
                    format!(
                        "must be from 1 to {} points (of a tool's share of the votes), not {points}",
                        crate::model::MAX_VOTE_REPUBLISH_POINTS
                    ),
                );
            }
        }
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(slug_problem("llama-4-scout").is_none());
        for bad in ["", "Llama", "a--b", "-a", "a-", "a b", "ä"] {
            assert!(slug_problem(bad).is_some(), "{bad:?} accepted");
        }
        assert_eq!(
            slugify("  Llama 4 Scout (Quantized)! "),
            "llama-4-scout-quantized"
        );
    }

    #[test]
    fn vote_republish_points_from_1_to_100() {
        let mut site = SiteSettings::default();
        for ok in [None, Some(1), Some(5), Some(100)] {
            site.vote_republish_points = ok;
            assert!(site.validate().is_empty(), "{ok:?}");
        }
        for bad in [0, 101] {
            site.vote_republish_points = Some(bad);
            let problems = site.validate();
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].field, "vote_republish_points");
            assert!(
                problems[0].message.contains("from 1 to 100"),
                "{problems:?}"
            );
        }
    }

    #[test]
    fn urls() {
        assert!(url_problem("https://example.com/x").is_none());
        assert!(url_problem("javascript:alert(1)").is_some());
        assert!(url_problem("not a url").is_some());
    }

    #[test]
    fn field_prefix() {
        let e = FieldError::new("links.homepage", "bad").prefixed("tools[2]");
        assert_eq!(e.to_string(), "tools[2].links.homepage: bad");
        let e = FieldError::new("[0]", "bad").prefixed("tools");
        assert_eq!(e.field, "tools[0]");
    }
}
