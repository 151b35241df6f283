//! The site's feeds for readers and crawlers: the Atom feed of the newest comparisons and
//! the sitemap.

use chrono::{DateTime, TimeZone, Utc};

use super::SiteError;
use crate::render::{IndexEntry, Library};

fn base(lib: &Library) -> String {
    lib.site
        .base_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string()
}

/// The Atom feed of the newest published comparisons: the weekly newsletter's source.
pub(super) fn feed(lib: &Library, entries: &[IndexEntry]) -> Result<Vec<u8>, SiteError> {
    use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
    let epoch = Utc.timestamp_opt(0, 0).single().expect("epoch");
    let updated = entries
        .iter()
        .filter_map(|e| e.published_at)
        .max()
        .unwrap_or(epoch);
    let base = base(lib);
    let feed_entries: Vec<Entry> = entries
        .iter()
        .take(50)
        .map(|e| {
            let when = e.published_at.unwrap_or(epoch);
            Entry {
                id: e.url.clone(),
                title: Text::plain(e.title.clone()),
                updated: when.into(),
                published: e.published_at.map(Into::into),
                links: vec![Link {
                    href: e.url.clone(),
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                summary: (!e.dek.is_empty()).then(|| Text::plain(e.dek.clone())),
                content: Some(Content {
                    value: Some(e.dek.clone()),
                    content_type: Some("text".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/feed.xml"),
        title: Text::plain(format!(
            "{}: {}",
            lib.site.site_name, lib.site.newsletter.kicker
        )),
        subtitle: (!lib.site.newsletter.heading.is_empty())
            .then(|| Text::plain(lib.site.newsletter.heading.clone())),
        updated: updated.into(),
        authors: vec![Person {
            name: lib.site.site_name.clone(),
            ..Default::default()
        }],
        links: vec![
            Link {
                href: format!("{base}/feed.xml"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            Link {
                href: format!("{base}/"),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        entries: feed_entries,
        ..Default::default()
    };
    let mut out = Vec::new();
    feed.write_to(&mut out)
        .map_err(|e| SiteError::Feed(format!("feed.xml: {e}")))?;
    Ok(out)
}

/// sitemap.xml per sitemaps.org 0.9: one `<url>` per page with its absolute location.
pub(super) fn sitemap(
    lib: &Library,
    paths: &[(String, Option<DateTime<Utc>>)],
) -> Result<Vec<u8>, SiteError> {
    use quick_xml::events::{BytesDecl, BytesText, Event};
    use quick_xml::Writer;
    let base = base(lib);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let err = |e: std::io::Error| SiteError::Feed(format!("sitemap.xml: {e}"));
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(err)?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (path, modified) in paths {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&format!("{base}/{path}")))?;
                    if let Some(m) = modified {
                        w.create_element("lastmod")
                            .write_text_content(BytesText::new(
                                &m.format("%Y-%m-%d").to_string(),
                            ))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(err)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}
