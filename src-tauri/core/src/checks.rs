//! Checks before publishing: what is missing or doubtful on a comparison page.

use std::collections::HashMap;

use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, Tag};
use serde::Serialize;

use crate::facts::{stale_facts, Fact, StaleFact};
use crate::model::{pair_key, Comparison, SiteSettings, Tool, VerdictStatus};
use crate::render::Library;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The page should not go out like this.
    Blocker,
    /// Worth a look before publishing.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Check {
    pub severity: Severity,
    /// Stable identifier of the kind of check, e.g. `missing_verdict`.
    pub code: String,
    /// Where to fix it: a field of the comparison (`dek`, `tools[1]`) or of a tool or verdict
    /// (`tool:SLUG.tagline`, `verdict:REVIEWER/TOOL`).
    pub field: String,
    pub message: String,
}

fn check(severity: Severity, code: &str, field: impl Into<String>, message: String) -> Check {
    Check {
        severity,
        code: code.into(),
        field: field.into(),
        message,
    }
}

/// Links and images in Markdown whose address is not a usable web address.
pub fn broken_links(markdown: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for event in Parser::new(markdown) {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        // Images of the desk are checked by `image_checks`, which knows which exist.
        let ok = dest.starts_with('#')
            || dest.starts_with(crate::images::MEDIA_SCHEME)
            || match url::Url::parse(&dest) {
                Ok(u) => match u.scheme() {
                    "http" | "https" => u.host().is_some(),
                    "mailto" => true,
                    _ => false,
                },
                Err(_) => false,
            };
        if !ok {
            broken.push(dest.to_string());
        }
    }
    broken
}

/// The base URL the sample content ships with: a placeholder, not anybody's site.
pub const SAMPLE_BASE_URL: &str = "https://verdicts.example.com";

/// Why publishing with these site settings would write wrong addresses, if it would: the
/// sitemap, the feed and every page's canonical link are built from the base URL.
pub fn base_url_warning(site: &crate::model::SiteSettings) -> Option<String> {
    let base = site.base_url.as_deref().map(str::trim).unwrap_or("");
    if base.is_empty() {
        Some("The site has no base URL: the sitemap, the feed and the pages' canonical links will have no address. Set it in Settings › Site before publishing.".into())
    } else if base.trim_end_matches('/') == SAMPLE_BASE_URL {
        Some(format!("The base URL is still the sample's placeholder ({SAMPLE_BASE_URL}): the sitemap, the feed and the pages' canonical links would point there. Set your site's address in Settings › Site before publishing."))
    } else {
        None
    }
}

/// The library's pages by their pair of tools ([`pair_key`]), in the library's order: what
/// finds a page's duplicate without building every page's key again. Checking every page of a
/// desk of 10,000 (My work) otherwise built 10⁸ keys, for half a minute on two cores.
pub struct PairIndex<'a>(HashMap<String, Vec<&'a Comparison>>);

impl<'a> PairIndex<'a> {
    pub fn of(lib: &'a Library) -> PairIndex<'a> {
        let mut pairs: HashMap<String, Vec<&'a Comparison>> = HashMap::new();
        for c in &lib.comparisons {
            pairs.entry(pair_key(&c.tools)).or_default().push(c);
        }
        PairIndex(pairs)
    }
}

/// Everything worth fixing on `page` (saved or a draft) before it is published, blockers first.
pub fn check_comparison(lib: &Library, page: &Comparison, today: NaiveDate) -> Vec<Check> {
    checks_of(lib, page, today, None)
}

/// [`check_comparison`] for one page of many, its duplicate found through `pairs` (made once
/// from the same `lib`).
pub fn check_comparison_in(
    lib: &Library,
    pairs: &PairIndex<'_>,
    page: &Comparison,
    today: NaiveDate,
) -> Vec<Check> {
    checks_of(lib, page, today, Some(pairs))
}

fn checks_of(
    lib: &Library,
    page: &Comparison,
    today: NaiveDate,
    pairs: Option<&PairIndex<'_>>,
) -> Vec<Check> {
    use Severity::{Blocker, Warning};
    let mut out = Vec::new();
    if page.title.trim().is_empty() {
        out.push(check(
            Blocker,
            "empty_field",
            "title",
            "The page has no title.".into(),
        ));
    }
    if page.dek.trim().is_empty() {
        out.push(check(
            Warning,
            "empty_field",
            "dek",
            "The page has no dek.".into(),
        ));
    }
    if page.tools.len() < 2 {
        out.push(check(
            Blocker,
            "too_few_tools",
            "tools",
            "A comparison needs two or more tools.".into(),
        ));
    }
    if page.panel.is_empty() {
        out.push(check(
            Blocker,
            "empty_panel",
            "panel",
            "No reviewers are on the panel.".into(),
        ));
    }
    let key = pair_key(&page.tools);
    let other = match pairs {
        Some(PairIndex(pairs)) => pairs
            .get(&key)
            .and_then(|same| same.iter().copied().find(|c| c.slug != page.slug)),
        None => lib
            .comparisons
            .iter()
            .find(|c| c.slug != page.slug && pair_key(&c.tools) == key),
    };
    if let Some(other) = other {
        out.push(check(
            Blocker,
            "duplicate_pair",
            "tools",
            format!(
                "These tools already have a page: \"{}\" ({}).",
                other.title, other.slug
            ),
        ));
    }
    for link in broken_links(&page.intro) {
        out.push(check(
            Warning,
            "broken_link",
            "intro",
            format!("The intro links to \"{link}\", which is not a web address."),
        ));
    }
    for (i, slug) in page.tools.iter().enumerate() {
        let Some(tool) = lib.tools.get(slug) else {
            out.push(check(
                Blocker,
                "missing_tool",
                format!("tools[{i}]"),
                format!("There is no tool \"{slug}\"."),
            ));
            continue;
        };
        for (field, value) in [
            ("category", &tool.category),
            ("tagline", &tool.tagline),
            ("description", &tool.description),
        ] {
            if value.trim().is_empty() {
                out.push(check(
                    Warning,
                    "empty_field",
                    format!("tool:{slug}.{field}"),
                    format!("{} has no {field}.", tool.name),
                ));
            }
        }
        out.extend(fact_checks(tool, &lib.site, today));
        for link in broken_links(&tool.description) {
            out.push(check(
                Warning,
                "broken_link",
                format!("tool:{slug}.description"),
                format!(
                    "{}'s description links to \"{link}\", which is not a web address.",
                    tool.name
                ),
            ));
        }
        for reviewer in &page.panel {
            let Some(r) = lib.reviewers.get(reviewer) else {
                continue;
            };
            let field = format!("verdict:{reviewer}/{slug}");
            match lib.verdicts.get(&(reviewer.clone(), slug.clone())) {
                None => out.push(check(
                    Blocker,
                    "missing_verdict",
                    field,
                    format!(
                        "{} ({}) has no verdict on {}.",
                        r.name, r.persona, tool.name
                    ),
                )),
                Some(v) if v.status != VerdictStatus::Accepted => out.push(check(
                    Blocker,
                    "verdict_not_accepted",
                    field,
                    format!(
                        "{}'s verdict on {} is {}, not accepted.",
                        r.name,
                        tool.name,
                        v.status.as_str()
                    ),
                )),
                Some(v) if v.quote.trim().is_empty() => out.push(check(
                    Blocker,
                    "missing_quote",
                    field,
                    format!("{} ({}) has no quote on {}.", r.name, r.persona, tool.name),
                )),
                Some(v) => {
                    for link in broken_links(&v.quote) {
                        out.push(check(
                            Warning,
                            "broken_link",
                            field.clone(),
                            format!(
                                "{}'s quote on {} links to \"{link}\", which is not a web address.",
                                r.name, tool.name
                            ),
                        ));
                    }
                }
            }
        }
    }
    out.extend(image_checks(lib, page));
    out.sort_by_key(|c| c.severity);
    out
}

/// The images a page shows: each must be on the desk and have alt text (or be marked
/// decorative); a remote image is worth copying into the desk. `field` is where to fix it:
/// the text holding the reference, a tool's `logo`/`screenshots[i].alt`, or the image's own
/// alt text as `media:HASH.alt`.
pub fn image_checks(lib: &Library, page: &Comparison) -> Vec<Check> {
    use crate::images::{markdown_images, short};
    use Severity::{Blocker, Warning};
    let pictures = &lib.pictures;
    let mut out = Vec::new();
    let mut markdown = vec![("intro".to_string(), "The intro".to_string(), &page.intro)];
    let tools: Vec<&crate::model::Tool> =
        page.tools.iter().filter_map(|s| lib.tools.get(s)).collect();
    for tool in &tools {
        markdown.push((
            format!("tool:{}.description", tool.slug),
            format!("{}'s description", tool.name),
            &tool.description,
        ));
    }
    for (field, place, text) in markdown {
        for image in markdown_images(text) {
            if let Some(hash) = image.media_hash() {
                match pictures.items.get(hash) {
                    None => out.push(check(
                        Blocker,
                        "missing_image",
                        field.clone(),
                        format!(
                            "{place} shows an image this desk does not have (media:{}); add the file again or remove the reference.",
                            short(hash)
                        ),
                    )),
                    Some(item) if pictures.alt(item, &image.alt).trim().is_empty() && !item.decorative => {
                        out.push(check(
                            Blocker,
                            "image_without_alt",
                            format!("media:{hash}.alt"),
                            format!(
                                "The image {} ({place}) has no alt text: say what it shows (or mark it decorative).",
                                item.original_name
                            ),
                        ))
                    }
                    Some(_) => {}
                }
            } else if image.is_remote() {
                out.push(check(
                    Warning,
                    "remote_image",
                    field.clone(),
                    format!(
                        "{place} shows an image from another site ({}): readers get a link to it, not the image. Copy it into the desk: add the file and use it here.",
                        image.url
                    ),
                ));
            }
        }
    }
    for tool in &tools {
        if let Some(hash) = &tool.logo {
            match pictures.items.get(hash) {
                None => out.push(check(
                    Blocker,
                    "missing_image",
                    format!("tool:{}.logo", tool.slug),
                    format!(
                        "{}'s logo is not on this desk (media:{}); choose the logo again.",
                        tool.name,
                        short(hash)
                    ),
                )),
                Some(item) if item.alt.trim().is_empty() && !item.decorative => out.push(check(
                    Blocker,
                    "image_without_alt",
                    format!("media:{hash}.alt"),
                    format!(
                        "{}'s logo ({}) has no alt text: say what it shows (or mark it decorative).",
                        tool.name, item.original_name
                    ),
                )),
                Some(_) => {}
            }
        }
        for (i, shot) in tool.screenshots.iter().enumerate() {
            let field = format!("tool:{}.screenshots[{i}]", tool.slug);
            match pictures.items.get(&shot.media) {
                None => out.push(check(
                    Blocker,
                    "missing_image",
                    format!("{field}.media"),
                    format!(
                        "Screenshot {} of {} is not on this desk (media:{}).",
                        i + 1,
                        tool.name,
                        short(&shot.media)
                    ),
                )),
                Some(item)
                    if !shot.decorative
                        && pictures.alt(item, &shot.alt).trim().is_empty() =>
                {
                    out.push(check(
                        Blocker,
                        "image_without_alt",
                        format!("{field}.alt"),
                        format!(
                            "Screenshot {} of {} ({}) has no alt text: say what it shows (or mark it decorative).",
                            i + 1,
                            tool.name,
                            item.original_name
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    out
}

/// The page's warnings about a tool's facts: a price never checked, and every fact whose
/// check is past its window.
fn fact_checks(tool: &Tool, site: &SiteSettings, today: NaiveDate) -> Vec<Check> {
    let slug = &tool.slug;
    let mut out = Vec::new();
    if tool.pricing_checked_on.is_none() {
        out.push(Check {
            severity: Severity::Warning,
            code: "pricing_unchecked".into(),
            field: format!("tool:{slug}.pricing_checked_on"),
            message: format!(
                "The price of {} ({}) was never checked.",
                tool.name,
                tool.entry_price.label()
            ),
        });
    }
    for stale in stale_facts(tool, site, today) {
        let StaleFact {
            fact,
            checked_on,
            days,
            window,
        } = stale;
        let (code, message) = match fact {
            Fact::Price => (
                "pricing_stale",
                format!(
                    "The price of {} ({}) was last checked {days} days ago, on {checked_on}.",
                    tool.name,
                    tool.entry_price.label()
                ),
            ),
            other => (
                "fact_stale",
                format!(
                    "The {} of {} was last checked {days} days ago, on {checked_on}; the site rechecks it every {window} days.",
                    other.label(),
                    tool.name
                ),
            ),
        };
        out.push(Check {
            severity: Severity::Warning,
            code: code.into(),
            field: format!("tool:{slug}.{}", fact.date_field()),
            message,
        });
    }
    out
}

#[cfg(test)]
mod base_url_tests {
    use super::*;

    #[test]
    fn publishing_with_no_or_the_samples_base_url_is_warned_about() {
        let mut site = crate::model::SiteSettings {
            base_url: None,
            ..Default::default()
        };
        assert!(base_url_warning(&site).unwrap().contains("no base URL"));
        site.base_url = Some("https://verdicts.example.com/".into());
        assert!(base_url_warning(&site).unwrap().contains("placeholder"));
        site.base_url = Some("https://ai-verdicts.news".into());
        assert_eq!(base_url_warning(&site), None);
    }
}
