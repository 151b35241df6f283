//! The weekly newsletter: an email-ready HTML (inline styles, table layout, dark-mode safe)
//! and a plain-text version of the comparisons published in a period, with the site's
//! newsletter block and links to the pages. A tool's logo is an `<img>` of a PNG or JPEG on
//! the site (mail clients do not all show SVG or WebP), which `verdict site` writes.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::ComparisonStatus;
use crate::render::pictures::MediaBase;
use crate::render::{build_page, comparison_path, markdown, Library, RenderError, Renderer};

#[derive(Debug, thiserror::Error)]
pub enum NewsletterError {
    #[error(
        "site.base_url: the newsletter links to the published pages, so the site needs its \
         address (Settings › Site, e.g. https://verdicts.example)"
    )]
    NoBaseUrl,
    #[error("no comparison was published between {since} and {until}: nothing to send")]
    NothingPublished { since: String, until: String },
    #[error("--since {since} is not before --until {until}")]
    EmptyPeriod { since: String, until: String },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Desk(Box<crate::desk::DeskError>),
}

/// Reads a `--since`/`--until` date: a day (`2026-11-25`, midnight UTC) or an RFC 3339 time.
pub fn parse_date(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| format!("\"{text}\" is not a date: use 2026-11-25 or 2026-11-25T09:00:00Z"))
}

/// One tool of a comparison, as the email shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewsletterTool {
    pub name: String,
    /// "50%", or "—" before any verdict is accepted.
    pub panel: String,
    /// "2 of 4".
    pub split: String,
    pub community: String,
    pub entry: String,
    /// Left out when the tool has no logo (or the desk lacks its image).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<NewsletterLogo>,
}

/// A tool's logo in the email: an absolute address on the site, its alt text and the box it
/// is drawn in (CSS pixels, its aspect ratio kept).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewsletterLogo {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// The size of a logo in the email, in CSS pixels (on its long side).
const LOGO_PX: u32 = 40;

fn logo(lib: &Library, media: &MediaBase, hash: &str) -> Option<NewsletterLogo> {
    let item = lib.pictures.items.get(hash)?;
    let (w, h) = (item.width.max(1), item.height.max(1));
    let (width, height) = if w >= h {
        (LOGO_PX, (LOGO_PX * h / w).max(1))
    } else {
        ((LOGO_PX * w / h).max(1), LOGO_PX)
    };
    Some(NewsletterLogo {
        src: media.url(hash, &crate::render::mail_images::mail_file(item)),
        alt: lib.pictures.alt(item, "").to_string(),
        width,
        height,
    })
}

/// One comparison published in the period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewsletterItem {
    pub slug: String,
    pub title: String,
    pub dek: String,
    /// The page's absolute address.
    pub url: String,
    pub published_at: DateTime<Utc>,
    /// "Published 2 December 2026".
    pub date_label: String,
    pub tools: Vec<NewsletterTool>,
}

/// The newsletter of one period: what the email says, in both forms.
#[derive(Debug, Clone, Serialize)]
pub struct Newsletter {
    pub subject: String,
    /// The line mail clients show after the subject.
    pub preheader: String,
    pub headline: String,
    /// "2 new comparisons published 25 November – 2 December 2026."
    pub summary: String,
    pub site_name: String,
    pub site_url: String,
    pub feed_url: String,
    pub newsletter: crate::model::Newsletter,
    pub newsletter_body_html: String,
    pub newsletter_body_text: String,
    /// Newest first.
    pub items: Vec<NewsletterItem>,
    /// The email's HTML document.
    #[serde(skip)]
    pub html: String,
    /// The email's plain-text part.
    #[serde(skip)]
    pub text: String,
}

/// Mail clients drop `<style>` blocks: the sanitised Markdown's paragraphs and links get their
/// styles inline. Only the exact tags the sanitiser writes are touched.
fn inline_styles(html: &str) -> String {
    html.replace("<p>", "<p style=\"margin:0 0 10px;\">")
        .replace(
            "<a href=",
            "<a class=\"nl-accent\" style=\"color:#2f4fd6;\" href=",
        )
}

fn day(at: DateTime<Utc>) -> String {
    at.format("%-d %B %Y").to_string()
}

/// Builds the newsletter of the comparisons published in `[since, until)`.
pub fn build_newsletter(
    lib: &Library,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Newsletter, NewsletterError> {
    if since >= until {
        return Err(NewsletterError::EmptyPeriod {
            since: since.to_rfc3339(),
            until: until.to_rfc3339(),
        });
    }
    let base = lib
        .site
        .base_url
        .as_deref()
        .map(|b| b.trim_end_matches('/'))
        .filter(|b| b.starts_with("https://") || b.starts_with("http://"))
        .ok_or(NewsletterError::NoBaseUrl)?;
    let mut published: Vec<_> = lib
        .comparisons
        .iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .filter_map(|c| c.published_at.map(|at| (at, c)))
        .filter(|(at, _)| *at >= since && *at < until)
        .collect();
    published.sort_by(|(a, x), (b, y)| b.cmp(a).then(x.slug.cmp(&y.slug)));
    if published.is_empty() {
        return Err(NewsletterError::NothingPublished {
            since: day(since),
            until: day(until),
        });
    }
    let media = MediaBase(format!("{base}/{}", crate::media::MEDIA_DIR));
    let mut items = Vec::with_capacity(published.len());
    for (at, c) in published {
        let page = build_page(lib, c)?;
        items.push(NewsletterItem {
            slug: c.slug.clone(),
            title: page.title.clone(),
            dek: page.dek.clone(),
            url: format!("{base}/{}", comparison_path(&c.slug)),
            published_at: at,
            date_label: format!("Published {}", day(at)),
            tools: page
                .tools
                .iter()
                .map(|t| NewsletterTool {
                    logo: lib
                        .tools
                        .get(&t.slug)
                        .and_then(|tool| tool.logo.as_deref())
                        .and_then(|hash| logo(lib, &media, hash)),
                    name: t.name.clone(),
                    panel: t.panel_label.clone(),
                    split: t.panel_split.clone(),
                    community: t.community_label.clone(),
                    entry: t.entry.clone(),
                })
                .collect(),
        });
    }
    let count = items.len();
    let first = &items[0];
    let subject = match count {
        1 => format!("{}: {}", lib.site.newsletter.kicker, first.title),
        n => format!(
            "{}: {} and {} more",
            lib.site.newsletter.kicker,
            first.title,
            n - 1
        ),
    };
    // The last day of the period is the day before `until`, unless `until` is mid-day.
    let last_day = until - chrono::TimeDelta::milliseconds(1);
    let mut newsletter = Newsletter {
        subject,
        preheader: first.dek.clone(),
        headline: match count {
            1 => "This week's comparison".to_string(),
            _ => "This week's comparisons".to_string(),
        },
        summary: format!(
            "{count} new comparison{} published {} – {}.",
            if count == 1 { "" } else { "s" },
            day(since),
            day(last_day)
        ),
        site_name: lib.site.site_name.clone(),
        site_url: format!("{base}/"),
        feed_url: format!("{base}/feed.xml"),
        newsletter: lib.site.newsletter.clone(),
        newsletter_body_html: inline_styles(&markdown::to_safe_html(&lib.site.newsletter.body)),
        newsletter_body_text: markdown::to_plain_text(&lib.site.newsletter.body),
        items,
        html: String::new(),
        text: String::new(),
    };
    let renderer = Renderer::for_site(&lib.site)?;
    newsletter.html =
        renderer.render("newsletter.html", minijinja::context! { n => &newsletter })?;
    newsletter.html.push('\n');
    newsletter.text =
        renderer.render("newsletter.txt", minijinja::context! { n => &newsletter })?;
    newsletter.text.push('\n');
    Ok(newsletter)
}
