//! Every web link a comparison page stands on: its tools' links and fact sources, and the
//! links inside its Markdown (intro, tool descriptions, the panel's quotes).

use pulldown_cmark::{Event, Parser, Tag};
use serde::Serialize;

use super::Fact;
use crate::model::{verdict_key, Comparison};
use crate::render::Library;

/// One link on a page, with the field that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PageLink {
    pub url: String,
    /// Where to fix it, as the page's checks name fields (`tool:SLUG.links.docs`,
    /// `tool:SLUG.facts.license.source`, `intro`, `verdict:REVIEWER/TOOL`).
    pub field: String,
    /// Where it is, in an editor's words ("Llama 4 Scout's docs link").
    pub place: String,
}

/// The http(s) links of a Markdown text, in order (images of the desk, anchors and mail
/// addresses are not web pages to check).
pub fn markdown_links(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .filter(|url| is_web(url))
        .collect()
}

fn is_web(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// Every link on `page`, in page order; a link held by two fields is listed for each.
pub fn page_links(lib: &Library, page: &Comparison) -> Vec<PageLink> {
    let mut out = Vec::new();
    let mut push = |url: &str, field: String, place: String| {
        if is_web(url) {
            out.push(PageLink {
                url: url.to_string(),
                field,
                place,
            });
        }
    };
    for url in markdown_links(&page.intro) {
        push(&url, "intro".into(), "The intro".into());
    }
    for slug in &page.tools {
        let Some(tool) = lib.tools.get(slug) else {
            continue;
        };
        let name = &tool.name;
        for (key, link) in [
            ("homepage", &tool.links.homepage),
            ("weights", &tool.links.weights),
            ("docs", &tool.links.docs),
        ] {
            if let Some(url) = link {
                push(
                    url,
                    format!("tool:{slug}.links.{key}"),
                    format!("{name}'s {key} link"),
                );
            }
        }
        for fact in Fact::ALL {
            if let Some(url) = fact.source(tool) {
                push(
                    url,
                    format!("tool:{slug}.facts.{}.source", fact.key()),
                    format!("the source of {name}'s {}", fact.label()),
                );
            }
        }
        for url in markdown_links(&tool.description) {
            push(
                &url,
                format!("tool:{slug}.description"),
                format!("{name}'s description"),
            );
        }
        for reviewer in &page.panel {
            let Some(verdict) = lib.verdicts.get(&(reviewer.clone(), slug.clone())) else {
                continue;
            };
            let who = lib
                .reviewers
                .get(reviewer)
                .map_or(reviewer.as_str(), |r| r.name.as_str());
            for url in markdown_links(&verdict.quote) {
                push(
                    &url,
                    format!("verdict:{}", verdict_key(reviewer, slug)),
                    format!("{who}'s quote on {name}"),
                );
            }
        }
    }
    out
}
