//! The one page renderer: builds the page model from content and renders it with a theme.
//! The app's preview, exports, the static site and publishing all go through here.

mod cache;
mod card_logo;
pub mod jsonld;
pub mod mail_images;
pub mod markdown;
pub mod pictures;
pub mod share_card;
pub mod vote_form;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub use cache::{page_hash, PageCache};

use crate::model::{
    Call, CommunityVotes, Comparison, ComparisonStatus, Reviewer, SiteSettings, Tool, Verdict,
    VerdictStatus,
};
use crate::score::{community_share, panel_ship, PanelShip};
use crate::store::{Store, StoreError};
use crate::validate::FieldError;

/// The built-in themes: (name, base layout, page, tool, index, markdown page, stylesheet,
/// share card, newsletter email HTML, newsletter plain text).
const THEMES: &[(&str, [&str; 9])] = &[(
    "default",
    [
        include_str!("../../../../data/themes/default/base.html"),
        include_str!("../../../../data/themes/default/page.html"),
        include_str!("../../../../data/themes/default/tool.html"),
        include_str!("../../../../data/themes/default/index.html"),
        include_str!("../../../../data/themes/default/page.md"),
        include_str!("../../../../data/themes/default/style.css"),
        include_str!("../../../../data/themes/default/share-card.svg"),
        include_str!("../../../../data/themes/default/newsletter.html"),
        include_str!("../../../../data/themes/default/newsletter.txt"),
    ],
)];

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("no comparison \"{0}\"")]
    NoComparison(String),
    #[error("no tool \"{0}\"")]
    NoTool(String),
    #[error("site.theme: no theme \"{name}\" (available: {available})")]
    NoTheme { name: String, available: String },
    #[error("theme template {template}: {source}")]
    Template {
        template: String,
        source: minijinja::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Everything a page can show, loaded once; drafts can be laid over it for a preview.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub site: SiteSettings,
    pub tools: HashMap<String, Tool>,
    pub reviewers: HashMap<String, Reviewer>,
    /// Keyed by (reviewer slug, tool slug).
    pub verdicts: HashMap<(String, String), Verdict>,
    pub votes: Vec<CommunityVotes>,
    pub comparisons: Vec<Comparison>,
    /// When each comparison was last saved with a change, by slug (`article:modified_time`).
    pub comparison_updated: HashMap<String, DateTime<Utc>>,
    /// The desk's images (where a page fetches them from is the page's: [`build_page_with`]).
    pub pictures: pictures::Pictures,
    /// The data folder's `media/`, where the share card reads logos from (`None` for a
    /// database without a folder, which has no images).
    pub media_dir: Option<crate::media::MediaDir>,
    /// Rendered Markdown keyed by its source, so a text shown on many pages renders once.
    /// Its images are not in it but placed per page, so the one cache serves every media
    /// base (the site's pages, the app's preview) without handing one's addresses to another.
    fragments: HashMap<String, Fragment>,
}

/// One Markdown text, parsed and sanitised (its images still to place), and its plain text.
#[derive(Debug, Clone)]
struct Fragment {
    prepared: markdown::Prepared,
    text: String,
}

impl Fragment {
    fn of(markdown: &str) -> Fragment {
        Fragment {
            prepared: markdown::prepare(markdown),
            text: markdown::to_plain_text(markdown),
        }
    }
}

/// A Markdown text as one page shows it.
struct Shown {
    html: String,
    text: String,
}

impl Library {
    pub fn load(store: &Store) -> Result<Library, StoreError> {
        Ok(Library {
            site: store.site()?,
            tools: store
                .tools()?
                .into_iter()
                .map(|t| (t.slug.clone(), t))
                .collect(),
            reviewers: store
                .reviewers()?
                .into_iter()
                .map(|r| (r.slug.clone(), r))
                .collect(),
            verdicts: store
                .verdicts()?
                .into_iter()
                .map(|v| ((v.reviewer.clone(), v.tool.clone()), v))
                .collect(),
            votes: store.votes()?,
            comparisons: store.comparisons()?,
            comparison_updated: store.comparison_update_times()?.into_iter().collect(),
            pictures: pictures::Pictures {
                items: store
                    .media_list()?
                    .into_iter()
                    .map(|m| (m.hash.clone(), m))
                    .collect(),
            },
            media_dir: store
                .path()
                .and_then(std::path::Path::parent)
                .map(crate::media::MediaDir::of),
            fragments: HashMap::new(),
        })
    }

    /// Renders every description and quote once, in parallel, ahead of building many pages.
    pub fn prerender(&mut self) {
        use rayon::prelude::*;
        let mut sources: Vec<&str> = self
            .tools
            .values()
            .map(|t| t.description.as_str())
            .chain(self.verdicts.values().map(|v| v.quote.as_str()))
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let rendered: Vec<(String, Fragment)> = sources
            .par_iter()
            .map(|s| (s.to_string(), Fragment::of(s)))
            .collect();
        self.fragments.extend(rendered);
    }

    /// A Markdown text as a page shows it, its images placed as `images` says: from the
    /// cache when the text was rendered before.
    fn shown(&self, markdown: &str, images: markdown::Images<'_>) -> Shown {
        let show = |f: &Fragment| Shown {
            html: f.prepared.finish(images),
            text: f.text.clone(),
        };
        match self.fragments.get(markdown) {
            Some(f) => show(f),
            None => show(&Fragment::of(markdown)),
        }
    }

    /// A description: the desk's images in it as pictures on `base`.
    fn description(&self, markdown: &str, base: &pictures::MediaBase) -> Shown {
        self.shown(
            markdown,
            markdown::Images::Pictures {
                pictures: &self.pictures,
                base,
                first_eager: false,
            },
        )
    }

    /// A quote: images in it show as their alt text only.
    fn quote(&self, markdown: &str) -> Shown {
        self.shown(markdown, markdown::Images::AltText)
    }

    pub fn comparison(&self, slug: &str) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.slug == slug)
    }

    /// The comparisons a tool appears on.
    pub fn comparisons_with_tool<'a>(
        &'a self,
        tool: &'a str,
    ) -> impl Iterator<Item = &'a Comparison> {
        self.comparisons
            .iter()
            .filter(move |c| c.tools.iter().any(|t| t == tool))
    }
}

/// A verdict's call as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PageCall {
    /// "ship" or "skip".
    pub call: Call,
    /// "Ship" or "Skip".
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLinks {
    pub homepage: Option<String>,
    pub weights: Option<String>,
    pub docs: Option<String>,
}

/// One tool's card.
#[derive(Debug, Clone, Serialize)]
pub struct PageTool {
    pub slug: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub tagline: String,
    pub description_html: String,
    pub description_text: String,
    pub entry: String,
    pub license: String,
    pub links: PageLinks,
    pub release_date: Option<NaiveDate>,
    pub pricing_checked_on: Option<NaiveDate>,
    pub panel: PanelShip,
    /// "50%", or "—" before any verdict is accepted.
    pub panel_label: String,
    /// "2 of 4".
    pub panel_split: String,
    pub community_percent: Option<u32>,
    /// "62%", or "—" with no votes.
    pub community_label: String,
    /// The logo as a `<picture>` (left out of the page's data when the tool has none, so
    /// pages without images stay as they were).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_html: Option<String>,
    /// The logo's absolute address, for JSON-LD, when the site has an absolute base URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_image: Option<String>,
    /// Each screenshot as a `<figure>` with its credit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub screenshots_html: Vec<String>,
}

/// One reviewer's verdict on one tool, in a scorecard row.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreCell {
    pub tool_slug: String,
    pub tool_name: String,
    /// `None` while the verdict is missing or not accepted.
    pub verdict: Option<PageCall>,
    pub quote_html: String,
    pub quote_text: String,
}

/// One persona's row of the reviewer scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub reviewer_slug: String,
    pub reviewer_name: String,
    pub persona: String,
    pub cells: Vec<ScoreCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageNewsletter {
    pub kicker: String,
    pub heading: String,
    pub body_html: String,
}

/// The structured page: what a theme renders and what the publishing endpoint receives.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub slug: String,
    pub url: String,
    pub site_name: String,
    pub kicker: String,
    pub title: String,
    pub dek: String,
    pub intro_html: String,
    pub status: ComparisonStatus,
    pub published_at: Option<DateTime<Utc>>,
    /// When the comparison was last saved with a change (never before `published_at`).
    pub modified_at: Option<DateTime<Utc>>,
    /// The share card's address (`share.png` beside the page), when the site has a base URL.
    pub share_image: Option<String>,
    pub tools: Vec<PageTool>,
    pub scorecard: Vec<ScoreRow>,
    pub newsletter: PageNewsletter,
    pub feed_url: String,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    pub json_ld: String,
    /// The reader vote form, when the site has a vote service (absent otherwise, so such
    /// pages keep their exact data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote: Option<vote_form::VoteForm>,
    /// "Prices checked 3 Dec 2026", when the site's theme option shows it (absent otherwise,
    /// so such pages keep their exact data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prices_checked: Option<String>,
    /// The source the page's own policy adds to its `img-src` when it shows the desk's
    /// images (the app's protocol, for the preview); not part of the page's data.
    #[serde(skip)]
    pub image_source: Option<String>,
}

fn base_url(site: &SiteSettings) -> String {
    site.base_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string()
}

/// The share card's file name, beside the page's `index.html`.
pub const SHARE_CARD_FILE: &str = "share.png";

fn is_absolute(base: &str) -> bool {
    base.starts_with("https://") || base.starts_with("http://")
}

/// Where a comparison page lives, relative to the site root.
pub fn comparison_path(slug: &str) -> String {
    format!("compare/{slug}/")
}

/// Where a tool page lives, relative to the site root.
pub fn tool_path(slug: &str) -> String {
    format!("tools/{slug}/")
}

fn page_tool(
    lib: &Library,
    comparison: &Comparison,
    tool: &Tool,
    verdicts: &[Verdict],
    media: &pictures::MediaBase,
) -> PageTool {
    let panel = panel_ship(&comparison.panel, &tool.slug, verdicts);
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
    // Only the verdicts this page can show, so scoring stays proportional to the page.
    let verdicts: Vec<Verdict> = panel
        .iter()
        .flat_map(|r| {
            tools
                .iter()
                .filter_map(|t| lib.verdicts.get(&(r.slug.clone(), t.slug.clone())))
        })
        .cloned()
        .collect();
    let page_tools: Vec<PageTool> = tools
        .iter()
        .map(|t| page_tool(lib, comparison, t, &verdicts, media))
        .collect();
    let scorecard = panel
        .iter()
        .map(|r| ScoreRow {
            reviewer_slug: r.slug.clone(),
            reviewer_name: r.name.clone(),
            persona: r.persona.clone(),
            cells: tools
                .iter()
                .map(|t| {
                    let v = lib
                        .verdicts
                        .get(&(r.slug.clone(), t.slug.clone()))
                        .filter(|v| v.status == VerdictStatus::Accepted);
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
                        quote_html: v
                            .map(|v| markdown::with_quote_marks(&lib.quote(&v.quote).html))
                            .unwrap_or_default(),
                        quote_text: v.map(|v| lib.quote(&v.quote).text).unwrap_or_default(),
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

/// Where a page's CSS is: inside it (a standalone page, the preview, a published page) or in
/// the site's one stylesheet at this address relative to the page.
#[derive(Debug, Clone, Copy)]
pub enum Css<'a> {
    Inline,
    Linked(&'a str),
}

impl Css<'_> {
    fn href(&self) -> Option<&str> {
        match self {
            Css::Inline => None,
            Css::Linked(href) => Some(href),
        }
    }
}

/// A theme's templates, compiled once.
pub struct Renderer {
    env: minijinja::Environment<'static>,
    css: &'static str,
    theme: &'static str,
}

/// The names of the built-in themes.
pub fn theme_names() -> Vec<&'static str> {
    THEMES.iter().map(|(n, _)| *n).collect()
}

impl Renderer {
    pub fn new(theme: &str) -> Result<Renderer, RenderError> {
        let Some((name, [base, page, tool, index, md, css, card, mail, mail_text])) =
            THEMES.iter().find(|(n, _)| *n == theme)
        else {
            return Err(RenderError::NoTheme {
                name: theme.to_string(),
                available: theme_names().join(", "),
            });
        };
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // SVG is XML: its text is escaped like HTML's (minijinja's default leaves .svg alone).
        env.set_auto_escape_callback(|name| match name.rsplit('.').next() {
            Some("html" | "svg" | "xml") => minijinja::AutoEscape::Html,
            _ => minijinja::AutoEscape::None,
        });
        // An address in an attribute, escaped for HTML but with its slashes left alone:
        // `&#x2f;` is valid HTML, but mail clients and link trackers read hrefs more naively.
        env.add_filter("href", |url: &str| {
            minijinja::Value::from_safe_string(
                url.replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#x27;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;"),
            )
        });
        for (file, source) in [
            ("base.html", base),
            ("page.html", page),
            ("tool.html", tool),
            ("index.html", index),
            ("page.md", md),
            ("share-card.svg", card),
            ("newsletter.html", mail),
            ("newsletter.txt", mail_text),
        ] {
            env.add_template(file, source)
                .map_err(|source| RenderError::Template {
                    template: format!("{name}/{file}"),
                    source,
                })?;
        }
        Ok(Renderer {
            env,
            css,
            theme: name,
        })
    }

    /// The renderer for the theme the site settings pick.
    pub fn for_site(site: &SiteSettings) -> Result<Renderer, RenderError> {
        Renderer::new(&site.theme)
    }

    pub fn theme(&self) -> &str {
        self.theme
    }

    pub(crate) fn render(
        &self,
        template: &str,
        ctx: minijinja::Value,
    ) -> Result<String, RenderError> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|source| RenderError::Template {
                template: format!("{}/{template}", self.theme),
                source,
            })
    }

    /// The theme's stylesheet as a file of a site: a name carrying a hash of its text (so a
    /// browser may keep it for good and a new theme is a new name), and the text.
    pub fn stylesheet(&self) -> (String, &'static str) {
        let short: String = crate::util::hash(&[self.css.as_bytes()])
            .chars()
            .take(12)
            .collect();
        (format!("style.{short}.css"), self.css)
    }

    /// The complete, standalone HTML document of a comparison page (its CSS inline).
    pub fn page_html(&self, page: &Page) -> Result<String, RenderError> {
        self.page_html_with(page, Css::Inline)
    }

    /// A comparison page's HTML, its CSS inline or linked.
    pub fn page_html_with(&self, page: &Page, css: Css<'_>) -> Result<String, RenderError> {
        let own_images = shows_images(&page.intro_html, &page.tools);
        self.render(
            "page.html",
            minijinja::context! { page => page, site_name => &page.site_name, css => self.css_of(css), stylesheet => css.href(), own_images => own_images, image_source => page.image_source.as_ref().filter(|_| own_images), form_action => page.vote.as_ref().map(|v| &v.origin) },
        )
    }

    fn css_of(&self, css: Css<'_>) -> &'static str {
        match css {
            Css::Inline => self.css,
            Css::Linked(_) => "",
        }
    }

    /// The page as Markdown.
    pub fn page_markdown(&self, page: &Page) -> Result<String, RenderError> {
        self.render("page.md", minijinja::context! { page => page })
    }

    /// A tool's own page, listing the comparisons it appears on.
    pub fn tool_html(&self, site: &SiteSettings, tool: &ToolPage) -> Result<String, RenderError> {
        self.tool_html_with(site, tool, Css::Inline)
    }

    /// A tool's page, its CSS inline or linked.
    pub fn tool_html_with(
        &self,
        site: &SiteSettings,
        tool: &ToolPage,
        css: Css<'_>,
    ) -> Result<String, RenderError> {
        let own_images = shows_images("", std::slice::from_ref(&tool.card));
        self.render(
            "tool.html",
            minijinja::context! { site => site, site_name => &site.site_name, tool => tool, css => self.css_of(css), stylesheet => css.href(), own_images => own_images, image_source => tool.image_source.as_ref().filter(|_| own_images) },
        )
    }

    /// The site's front page.
    pub fn index_html(
        &self,
        site: &SiteSettings,
        entries: &[IndexEntry],
    ) -> Result<String, RenderError> {
        self.index_html_with(site, entries, Css::Inline)
    }

    /// The site's front page, its CSS inline or linked.
    pub fn index_html_with(
        &self,
        site: &SiteSettings,
        entries: &[IndexEntry],
        css: Css<'_>,
    ) -> Result<String, RenderError> {
        self.render(
            "index.html",
            minijinja::context! { site => site, site_name => &site.site_name, entries => entries, css => self.css_of(css), stylesheet => css.href(), feed_url => format!("{}/feed.xml", base_url(site)), site_url => format!("{}/", base_url(site)) },
        )
    }
}

/// Whether a page shows any of the desk's images, which it fetches from its own site: its
/// Content-Security-Policy then allows `'self'` too (`https:` alone blocks them on a site
/// served over http or opened from a folder). Only such pages say so, so pages without
/// images keep their exact bytes.
fn shows_images(intro_html: &str, tools: &[PageTool]) -> bool {
    intro_html.contains("<img")
        || tools.iter().any(|t| {
            t.logo_html.is_some()
                || !t.screenshots_html.is_empty()
                || t.description_html.contains("<img")
        })
}

/// A tool's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ToolPage {
    pub card: PageTool,
    pub url: String,
    /// (title, url) of each page the tool is on.
    pub comparisons: Vec<IndexEntry>,
    /// As [`Page::image_source`].
    #[serde(skip)]
    pub image_source: Option<String>,
}

/// One comparison in a list.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub url: String,
    pub published_at: Option<DateTime<Utc>>,
}

impl IndexEntry {
    pub fn of(site: &SiteSettings, c: &Comparison) -> IndexEntry {
        IndexEntry {
            slug: c.slug.clone(),
            title: c.title.clone(),
            dek: c.dek.clone(),
            url: format!("{}/{}", base_url(site), comparison_path(&c.slug)),
            published_at: c.published_at,
        }
    }
}

/// Builds a tool's own page: its card (scored on no panel) and the pages it is on.
pub fn build_tool_page(
    lib: &Library,
    tool: &Tool,
    include: impl Fn(&Comparison) -> bool,
) -> ToolPage {
    build_tool_page_with(lib, tool, include, &pictures::MediaBase::default())
}

/// [`build_tool_page`] with the page's images fetched from `media` (as [`build_page_with`]).
pub fn build_tool_page_with(
    lib: &Library,
    tool: &Tool,
    include: impl Fn(&Comparison) -> bool,
    media: &pictures::MediaBase,
) -> ToolPage {
    let verdicts: Vec<&Verdict> = lib
        .verdicts
        .values()
        .filter(|v| v.tool == tool.slug)
        .collect();
    let comparisons: Vec<&Comparison> = lib
        .comparisons_with_tool(&tool.slug)
        .filter(|c| include(c))
        .collect();
    tool_page(lib, tool, &verdicts, &comparisons, media)
}

/// [`build_tool_page`] from the tool's verdicts and the pages it is listed on, found by the
/// caller: the site finds them for every tool in one pass, where a search per tool would
/// scan every verdict and page thousands of times over.
pub fn build_tool_page_from(
    lib: &Library,
    tool: &Tool,
    verdicts: &[&Verdict],
    pages: &[&Comparison],
) -> ToolPage {
    tool_page(lib, tool, verdicts, pages, &pictures::MediaBase::default())
}

fn tool_page(
    lib: &Library,
    tool: &Tool,
    verdicts: &[&Verdict],
    pages: &[&Comparison],
    media: &pictures::MediaBase,
) -> ToolPage {
    let standalone = Comparison {
        slug: String::new(),
        title: String::new(),
        dek: String::new(),
        intro: String::new(),
        tools: vec![tool.slug.clone()],
        panel: lib.reviewers.keys().cloned().collect(),
        status: ComparisonStatus::Draft,
        scheduled_for: None,
        published_at: None,
        assignee: None,
        due: None,
        verdicts_due: None,
    };
    let verdicts: Vec<Verdict> = verdicts.iter().map(|v| (*v).clone()).collect();
    let mut comparisons: Vec<IndexEntry> =
        pages.iter().map(|c| IndexEntry::of(&lib.site, c)).collect();
    comparisons.sort_by(|a, b| a.slug.cmp(&b.slug));
    ToolPage {
        card: page_tool(lib, &standalone, tool, &verdicts, media),
        url: format!("{}/{}", base_url(&lib.site), tool_path(&tool.slug)),
        comparisons,
        image_source: media.csp_source(),
    }
}

/// Renders one saved comparison in one format: "html", "json" or "md".
pub fn render_saved(store: &Store, slug: &str, format: &str) -> Result<String, RenderError> {
    let lib = Library::load(store)?;
    let comparison = lib
        .comparison(slug)
        .ok_or_else(|| RenderError::NoComparison(slug.to_string()))?;
    let page = build_page(&lib, comparison)?;
    let renderer = Renderer::for_site(&lib.site)?;
    match format {
        "html" => renderer.page_html(&page),
        "md" => renderer.page_markdown(&page),
        _ => Ok(serde_json::to_string_pretty(&page).expect("page serialises") + "\n"),
    }
}
