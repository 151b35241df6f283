//! What a comparison page becomes in Ghost: the article in an HTML card (kept as written, not
//! turned into the editor's blocks), the theme's stylesheet scoped to it, and the post's
//! fields (excerpt, tags, social and search metadata) from the page.

use serde_json::{json, Value};

use crate::publish::OutgoingPage;

/// The class of the element that holds the article inside the post; every rule of the page's
/// stylesheet is scoped to it, so the page's look never leaks into the site's theme.
pub const SCOPE: &str = "verdict-desk";

/// The internal tag every post of ours carries (Ghost hides `#` tags from readers).
pub const INTERNAL_TAG: &str = "#verdict";

const MARKER_PREFIX: &str = "<!-- verdict-desk:";

/// The first line of the post's head injection: the hash of the content we sent, so a post an
/// unanswered attempt made is recognised, and a post of ours is told from anyone else's.
pub fn marker(content_hash: &str) -> String {
    format!("{MARKER_PREFIX}{content_hash} -->")
}

/// The content hash in a post's head injection, if it is one of ours.
pub fn marked_hash(codeinjection_head: &str) -> Option<&str> {
    let rest = codeinjection_head
        .trim_start()
        .strip_prefix(MARKER_PREFIX)?;
    let end = rest.find(" -->")?;
    Some(&rest[..end])
}

/// The page's article: what its `<main>` holds, without the page's own heading (Ghost's
/// theme shows the post's title and excerpt above it).
pub fn article(html: &str) -> String {
    let body = crate::publish::wordpress::body_of(html);
    let main = inner_of(body, "<main").unwrap_or(body);
    let main = main.trim();
    match (
        main.find("<header class=\"page-head\">"),
        main.find("</header>"),
    ) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{}", &main[..start], &main[end + "</header>".len()..])
                .trim()
                .to_string()
        }
        _ => main.to_string(),
    }
}

/// What the first element opened with `open` holds (up to its last matching close tag).
fn inner_of<'a>(html: &'a str, open: &str) -> Option<&'a str> {
    let at = html.find(open)?;
    let start = at + html[at..].find('>')? + 1;
    let name = open.trim_start_matches('<');
    let end = html.rfind(&format!("</{name}>"))?;
    (end >= start).then(|| &html[start..end])
}

/// The post's HTML: the article in one HTML card, inside the scoping element, which asks
/// the theme for its wide column (`kg-width-wide`, as Ghost's own wide cards do): the tool
/// cards stand side by side as on our page.
pub fn card_html(page: &OutgoingPage) -> String {
    format!(
        "<!--kg-card-begin: html-->\n<div class=\"{SCOPE} kg-width-wide\">\n{}\n</div>\n<!--kg-card-end: html-->",
        article(&page.html)
    )
}

/// The page's inline stylesheet, every rule scoped to the article.
pub fn scoped_css(html: &str) -> String {
    let css = inner_of(html, "<style").unwrap_or("");
    scope_rules(css)
}

/// The head injection: our marker, then the scoped stylesheet.
pub fn head_injection(page: &OutgoingPage) -> String {
    format!(
        "{}\n<style>{}</style>",
        marker(&page.content_hash),
        scoped_css(&page.html)
    )
}

/// Every selector of `css` prefixed with the scope; the page's root and body rules apply to
/// the scoping element itself; `@media` blocks are scoped inside; comments are dropped.
fn scope_rules(css: &str) -> String {
    let css = without_comments(css);
    let mut out = String::with_capacity(css.len() + css.len() / 4);
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        let prelude = rest[..open].trim();
        let Some(close) = block_end(&rest[open..]).map(|i| open + i) else {
            break;
        };
        let block = &rest[open + 1..close];
        if prelude.starts_with("@media") || prelude.starts_with("@supports") {
            out.push_str(prelude);
            out.push('{');
            out.push_str(&scope_rules(block));
            out.push('}');
        } else if prelude.starts_with('@') {
            // Other at-rules (@font-face, @keyframes) are not selectors: kept as they are.
            out.push_str(prelude);
            out.push('{');
            out.push_str(block);
            out.push('}');
        } else {
            let selectors: Vec<String> = prelude.split(',').map(scope_selector).collect();
            out.push_str(&selectors.join(","));
            out.push('{');
            out.push_str(block.trim());
            out.push('}');
        }
        out.push('\n');
        rest = &rest[close + 1..];
    }
    out
}

/// Where the block that starts at `s[0] == '{'` ends (its matching `}`).
fn block_end(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn scope_selector(selector: &str) -> String {
    let selector = selector.trim();
    let scope = format!(".{SCOPE}");
    for root in [":root", "html", "body"] {
        if selector == root {
            return scope;
        }
        if let Some(rest) = selector.strip_prefix(root) {
            if rest.starts_with([' ', '>', '.', ':', '[']) {
                return format!("{scope}{rest}");
            }
        }
    }
    format!("{scope} {selector}")
}

/// Text cut to Ghost's limit for a field, at a character boundary.
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The post's fields from the page (without its status, time, image or version).
pub fn post_fields(page: &OutgoingPage, site: &url::Url, card_url: Option<&str>) -> Value {
    let dek = page.page["dek"].as_str().unwrap_or_default();
    let mut tags: Vec<String> = Vec::new();
    for tool in page.page["tools"].as_array().into_iter().flatten() {
        let category = tool["category"].as_str().unwrap_or_default().trim();
        if !category.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(category)) {
            tags.push(cut(category, 191));
        }
    }
    tags.push(INTERNAL_TAG.to_string());
    let title = cut(&page.title, 255);
    let alt = cut(
        &format!(
            "{}: panel ship and community share of each tool",
            page.title
        ),
        191,
    );
    // The page's own address, when the desk's site lives elsewhere: search engines are told
    // that one is the original.
    let canonical = page.page["url"]
        .as_str()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .filter(|u| !u.starts_with(site.as_str()))
        .and_then(crate::publish::wordpress::usable_address);
    json!({
        "title": title,
        "slug": page.slug,
        "html": card_html(page),
        "custom_excerpt": cut(dek, 300),
        "tags": tags.iter().map(|t| json!({ "name": t })).collect::<Vec<_>>(),
        "feature_image": card_url,
        "feature_image_alt": card_url.map(|_| alt),
        "codeinjection_head": head_injection(page),
        "meta_title": cut(&page.title, 300),
        "meta_description": cut(dek, 500),
        "og_title": cut(&page.title, 300),
        "og_description": cut(dek, 500),
        "og_image": card_url,
        "twitter_title": cut(&page.title, 300),
        "twitter_description": cut(dek, 500),
        "twitter_image": card_url,
        "canonical_url": canonical,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_scoped_to_the_article() {
        let css = "/* x */ :root { --a: 1; }\n* { box-sizing: border-box; }\nbody { margin: 0; }\n\
                   .card h2, .tagline { color: red; }\n@media (max-width: 640px) { body { font-size: 16px; } .wrap { padding: 0; } }";
        let scoped = scope_rules(css);
        assert!(scoped.contains(".verdict-desk{--a: 1;}"), "{scoped}");
        assert!(scoped.contains(".verdict-desk *{"), "{scoped}");
        assert!(scoped.contains(".verdict-desk{margin: 0;}"), "{scoped}");
        assert!(
            scoped.contains(".verdict-desk .card h2,.verdict-desk .tagline{"),
            "{scoped}"
        );
        assert!(
            scoped.contains(
                "@media (max-width: 640px){.verdict-desk{font-size: 16px;}\n.verdict-desk .wrap{"
            ),
            "{scoped}"
        );
        assert!(!scoped.contains("/*"));
    }

    #[test]
    fn the_article_leaves_out_the_page_heading_and_the_document() {
        let html = "<!doctype html><html><head><style>p{}</style></head><body>\
            <header class=\"masthead\"><div>Site</div></header><main class=\"wrap\">\
            <header class=\"page-head\"><h1>T</h1></header><section>Cards</section></main>\
            <footer>f</footer></body></html>";
        assert_eq!(article(html), "<section>Cards</section>");
        assert_eq!(scoped_css(html), ".verdict-desk p{}\n");
        assert_eq!(marked_hash(&marker("abc")), Some("abc"));
        assert_eq!(marked_hash("<style>"), None);
    }
}
