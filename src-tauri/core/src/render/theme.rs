//! The themes and their renderer: templates compiled once, and a page, a tool's page or the
//! front page rendered to HTML or Markdown with the theme's stylesheet inline or linked.

use super::page::base_url;
use super::{IndexEntry, Page, PageTool, RenderError, ToolPage};
use crate::model::SiteSettings;

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
