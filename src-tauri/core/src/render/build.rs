//! How a comparison's page is built from the library: its tools' cards, the reviewers'
//! scorecard, its addresses and its JSON-LD; invalid references are named by field.

use super::page::{base_url, comparison_path, is_absolute};
use super::{
    jsonld, markdown, pictures, vote_form, Library, Page, PageCall, PageLinks, PageNewsletter,
    PageTool, RenderError, ScoreCell, ScoreRow, SHARE_CARD_FILE,
};
use crate::model::{Call, Comparison, Tool, Verdict, VerdictStatus};
use crate::score::{community_share, panel_ship_of};
use crate::validate::FieldError;
pub(super) fn page_tool(
    lib: &Library,
    comparison: &Comparison,
    tool: &Tool,
    verdicts: &[&Verdict],
    media: &pictures::MediaBase,
) -> PageTool {
    let panel = panel_ship_of(
        &comparison.panel,
        &tool.slug,
        verdicts
            .iter()
            .map(|v| (v.reviewer.as_str(), v.tool.as_str(), v.call, v.status)),
    );
    let community_percent = community_share(&lib.votes, &comparison.slug, &tool.slug);
    let description = lib.description(&tool.description, media);
    PageTool {
        slug: tool.slug.clone(),
        name: tool.name.clone(),
        vendor: tool.vendor.clone(),
        category: tool.category.clone(),
        tagline: tool.tagline.clone(),
        description_html: description.html,
        description_text: description.text,
        entry: tool.entry_price.label(),
        license: tool.license.clone(),
        links: PageLinks {
            homepage: tool.links.homepage.clone(),
            weights: tool.links.weights.clone(),
            docs: tool.links.docs.clone(),
        },
        release_date: tool.release_date,
        pricing_checked_on: tool.pricing_checked_on,
        panel_label: panel
            .percent
            .map_or_else(|| "\u{2014}".to_string(), |p| format!("{p}%")),
        panel_split: format!("{} of {}", panel.ship, panel.total),
        panel,
        community_label: community_percent
            .map_or_else(|| "\u{2014}".to_string(), |p| format!("{p}%")),
        community_percent,
        logo_html: tool.logo.as_deref().map(|hash| {
            lib.pictures
                .html(media, hash, "", pictures::Placement::Logo { px: LOGO_PX })
        }),
        logo_image: tool.logo.as_deref().and_then(|hash| logo_image(lib, hash)),
        screenshots_html: tool
            .screenshots
            .iter()
            .map(|shot| pictures::screenshot_html(&lib.pictures, media, shot))
            .collect(),
    }
}

/// The size a logo is drawn at on cards and the tool page, in CSS pixels.
const LOGO_PX: u32 = 48;

/// The logo's fallback file on the site, as an absolute address (JSON-LD takes no other).
fn logo_image(lib: &Library, hash: &str) -> Option<String> {
    let base = base_url(&lib.site);
    if !is_absolute(&base) {
        return None;
    }
    let file = pictures::fallback_file(lib.pictures.items.get(hash)?);
    Some(pictures::MediaBase(format!("{base}/media")).url(hash, &file))
}

/// Builds the page for `comparison` (saved or a draft) from the library's content, as the
/// site and every publishing target show it: its images beside it on the site.
pub fn build_page(lib: &Library, comparison: &Comparison) -> Result<Page, RenderError> {
    build_page_with(lib, comparison, &pictures::MediaBase::default())
}

/// [`build_page`] with the page's images fetched from `media` (the app's preview passes
/// [`pictures::MediaBase::app`]); the page's own policy then allows that source.
pub fn build_page_with(
    lib: &Library,
    comparison: &Comparison,
    media: &pictures::MediaBase,
) -> Result<Page, RenderError> {
    let mut problems = Vec::new();
    let mut tools = Vec::with_capacity(comparison.tools.len());
    for (i, slug) in comparison.tools.iter().enumerate() {
        match lib.tools.get(slug) {
            Some(t) => tools.push(t),
            None => problems.push(FieldError::new(
                format!("tools[{i}]"),
                format!("no tool \"{slug}\""),
            )),
        }
    }
    let mut panel = Vec::with_capacity(comparison.panel.len());
    for (i, slug) in comparison.panel.iter().enumerate() {
        match lib.reviewers.get(slug) {
            Some(r) => panel.push(r),
            None => problems.push(FieldError::new(
                format!("panel[{i}]"),
                format!("no reviewer \"{slug}\""),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(RenderError::Invalid(problems));
    }
    // Only the verdicts this page can show, so scoring stays proportional to the page:
    // looked up once, by reviewer (scorecard rows) and tool (cells).
    let cells: Vec<Vec<Option<&Verdict>>> = panel
        .iter()
        .map(|r| {
            tools
                .iter()
                .map(|t| lib.verdicts.get(&(r.slug.clone(), t.slug.clone())))
                .collect()
        })
        .collect();
    let verdicts: Vec<&Verdict> = cells.iter().flatten().flatten().copied().collect();
    let page_tools: Vec<PageTool> = tools
        .iter()
        .map(|t| page_tool(lib, comparison, t, &verdicts, media))
        .collect();
    let scorecard = panel
        .iter()
        .zip(&cells)
        .map(|(r, row)| ScoreRow {
            reviewer_slug: r.slug.clone(),
            reviewer_name: r.name.clone(),
            persona: r.persona.clone(),
            cells: tools
                .iter()
                .zip(row)
                .map(|(t, v)| {
                    let v = v.filter(|v| v.status == VerdictStatus::Accepted);
                    // The quote's fragment is looked up once for its HTML and its text.
                    let quote = v.map(|v| lib.quote(&v.quote));
                    ScoreCell {
                        tool_slug: t.slug.clone(),
                        tool_name: t.name.clone(),
                        verdict: v.map(|v| PageCall {
                            call: v.call,
                            label: match v.call {
                                Call::Ship => "Ship",
                                Call::Skip => "Skip",
                            },
                        }),
                        quote_html: quote
                            .as_ref()
                            .map(|q| markdown::with_quote_marks(&q.html))
                            .unwrap_or_default(),
                        quote_text: quote.map(|q| q.text).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    let base = base_url(&lib.site);
    let url = format!("{base}/{}", comparison_path(&comparison.slug));
    let modified_at = match (
        lib.comparison_updated.get(&comparison.slug).copied(),
        comparison.published_at,
    ) {
        (Some(m), Some(p)) => Some(m.max(p)),
        (m, p) => m.or(p),
    };
    // Only an absolute address is any use to a social network's crawler.
    let share_image = is_absolute(&base).then(|| format!("{url}{SHARE_CARD_FILE}"));
    let mut page = Page {
        slug: comparison.slug.clone(),
        url,
        site_name: lib.site.site_name.clone(),
        kicker: lib.site.kicker.clone(),
        title: comparison.title.clone(),
        dek: comparison.dek.clone(),
        intro_html: markdown::to_safe_html_with_images(
            &comparison.intro,
            markdown::Images::Pictures {
                pictures: &lib.pictures,
                base: media,
                first_eager: true,
            },
        ),
        status: comparison.status,
        published_at: comparison.published_at,
        modified_at,
        share_image,
        tools: page_tools,
        scorecard,
        newsletter: PageNewsletter {
            kicker: lib.site.newsletter.kicker.clone(),
            heading: lib.site.newsletter.heading.clone(),
            body_html: markdown::to_safe_html(&lib.site.newsletter.body),
        },
        feed_url: format!("{base}/feed.xml"),
        json_ld: String::new(),
        vote: vote_form::for_page(&lib.site, &comparison.slug),
        prices_checked: crate::facts::prices_checked_line(&lib.site, &tools),
        image_source: media.csp_source(),
    };
    page.json_ld = jsonld::for_page(&page);
    Ok(page)
}
