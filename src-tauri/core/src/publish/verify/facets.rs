//! The normalized form a page is compared on once a target has it (docs/publishing-verification.md):
//! what a reader gets from the HTML (title, heading, canonical, share image, structured data,
//! figures, text) and the body's markup with everything a target may change without meaning
//! (white space, attribute order and quoting, comments, scripts and styles) taken out.

use serde_json::Value;

/// One HTML token; the text of a `<script>` or `<style>` is `Raw`, never parsed as markup.
#[derive(Debug, PartialEq)]
enum Token {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
    Raw(String),
}

/// What a reader gets from one HTML document or fragment, normalized.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    /// The `<title>` (what a browser tab and a search result show).
    pub title: Option<String>,
    /// The first `<h1>`: the headline on the page.
    pub heading: Option<String>,
    pub canonical: Option<String>,
    pub og_image: Option<String>,
    /// Each `application/ld+json` script's JSON, keys sorted (its own text when not JSON).
    pub json_ld: Vec<String>,
    /// The text of each `<dd>`: the figures of the tool cards (panel ship, community, entry).
    pub figures: Vec<String>,
    /// The text a reader sees, scripts and styles left out.
    pub text: String,
    /// The body's markup: tags with their attributes sorted, text, nothing else.
    pub markup: String,
}

/// Reads the facets of `html`.
pub fn facets(html: &str) -> Facets {
    let tokens = tokenize(html);
    let mut f = Facets::default();
    // Which element's text is being collected, and into what.
    let mut collecting: Option<(&str, String)> = None;
    let mut in_ld = false;
    let mut in_body = !html.contains("<body");
    let mut markup = Vec::new();
    let mut text = Vec::new();
    for token in &tokens {
        match token {
            Token::Start(name, attrs) => {
                let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
                match name.as_str() {
                    "body" => in_body = true,
                    "title" if f.title.is_none() => collecting = Some(("title", String::new())),
                    "h1" if f.heading.is_none() => collecting = Some(("h1", String::new())),
                    "dd" => collecting = Some(("dd", String::new())),
                    "link"
                        if attr("rel").is_some_and(|r| {
                            r.split_whitespace()
                                .any(|r| r.eq_ignore_ascii_case("canonical"))
                        }) =>
                    {
                        f.canonical = attr("href").map(str::to_string);
                    }
                    "meta" if attr("property") == Some("og:image") => {
                        f.og_image = attr("content").map(str::to_string);
                    }
                    "script" => {
                        in_ld = attr("type")
                            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                    }
                    _ => {}
                }
                if in_body && !matches!(name.as_str(), "body" | "script" | "style") {
                    let mut sorted: Vec<&(String, String)> = attrs.iter().collect();
                    sorted.sort();
                    let mut tag = format!("<{name}");
                    for (k, v) in sorted {
                        tag.push_str(&format!(" {k}=\"{v}\""));
                    }
                    tag.push('>');
                    markup.push(tag);
                }
            }
            Token::End(name) => {
                if let Some((what, collected)) = collecting.take() {
                    if what == name {
                        let collected = collapse(&collected);
                        match what {
                            "title" => f.title = Some(collected),
                            "h1" => f.heading = Some(collected),
                            _ => f.figures.push(collected),
                        }
                    } else {
                        collecting = Some((what, collected));
                    }
                }
                if name == "body" {
                    in_body = false;
                }
                if in_body && !matches!(name.as_str(), "script" | "style") && !is_void(name) {
                    markup.push(format!("</{name}>"));
                }
            }
            Token::Text(t) => {
                if let Some((_, collected)) = collecting.as_mut() {
                    collected.push_str(t);
                    collected.push(' ');
                }
                if in_body {
                    let t = collapse(t);
                    if !t.is_empty() {
                        markup.push(t.clone());
                        text.push(t);
                    }
                }
            }
            Token::Raw(raw) => {
                if in_ld {
                    f.json_ld.push(canonical_json(raw));
                    in_ld = false;
                }
            }
        }
    }
    f.text = text.join(" ");
    f.markup = markup.join("");
    f
}

/// JSON with its keys sorted and no white space outside strings; other text collapsed.
fn canonical_json(raw: &str) -> String {
    match serde_json::from_str::<Value>(raw.trim()) {
        Ok(v) => sorted(v).to_string(),
        Err(_) => collapse(raw),
    }
}

/// `v` with every object's keys in order. serde_json keeps insertion order when any crate
/// in the build turns on its `preserve_order` feature (features unify across a workspace),
/// so the order is made here rather than assumed.
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Runs of white space made one space, typographic punctuation made plain (a target such as
/// WordPress makes quotes curly and dashes long on display), entities decoded.
pub fn collapse(text: &str) -> String {
    let decoded = decode_entities(text);
    let plain: String = decoded
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{00A0}' => ' ',
            c => c,
        })
        .collect();
    let plain = plain.replace('\u{2026}', "...").replace("--", "-");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the named entities pages use and every numeric one.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{00A0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Splits HTML into tags and text. Comments, doctypes and processing instructions are
/// dropped; the contents of `<script>` and `<style>` are raw text up to their end tag.
fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            tokens.push(Token::Text(rest.to_string()));
            break;
        };
        if lt > 0 {
            tokens.push(Token::Text(rest[..lt].to_string()));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            // A "<" that starts no tag is text.
            tokens.push(Token::Text("<".into()));
            rest = &rest[1..];
            continue;
        }
        let (attrs, after) = attributes(&rest[name_start + name.len()..]);
        rest = after;
        if closing {
            tokens.push(Token::End(name));
            continue;
        }
        let raw = matches!(name.as_str(), "script" | "style");
        tokens.push(Token::Start(name.clone(), attrs));
        if raw {
            let end = format!("</{name}");
            let at = find_ascii_ci(rest, &end).unwrap_or(rest.len());
            tokens.push(Token::Raw(rest[..at].to_string()));
            rest = &rest[at..];
        }
    }
    tokens
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The attributes of a tag (names lower-cased, values decoded) and what follows its `>`.
fn attributes(mut s: &str) -> (Vec<(String, String)>, &str) {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return (attrs, s);
        }
        if let Some(after) = s.strip_prefix("/>").or_else(|| s.strip_prefix('>')) {
            return (attrs, after);
        }
        if let Some(after) = s.strip_prefix('/') {
            s = after;
            continue;
        }
        let name_len = s
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(s.len())
            .max(1);
        let name = s[..name_len].to_ascii_lowercase();
        s = s[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            s = after.trim_start();
            let (v, after) = match s.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &s[1..];
                    match body.find(q) {
                        Some(e) => (&body[..e], &body[e + 1..]),
                        None => (body, ""),
                    }
                }
                _ => {
                    let e = s
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(s.len());
                    (&s[..e], &s[e..])
                }
            };
            value = decode_entities(v);
            s = after;
        }
        attrs.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_reader_gets_whatever_the_quoting_and_order() {
        let a = "<!doctype html><html><head><title>A &amp; B · Site</title>\
            <link rel=\"canonical\" href=\"https://x.test/a/\">\
            <meta property=\"og:image\" content=\"https://x.test/a.png\">\
            <script type=\"application/ld+json\">{\"b\": 1, \"a\": [2]}</script></head>\
            <body><h1>A &amp; B</h1><dl><dd>50%</dd><dd>Free</dd></dl>\
            <p class=\"x\" id=\"y\">It's   here</p><!-- note --></body></html>";
        let b = "<!DOCTYPE html><html><head><TITLE>A &#38; B · Site</TITLE>\
            <link href='https://x.test/a/' rel=canonical>\
            <meta content=\"https://x.test/a.png\" property=\"og:image\" />\
            <script type='application/ld+json'>{\"a\":[2],\"b\":1}</script></head>\
            <body>\n<h1>A &amp; B</h1>\n<dl><dd> 50% </dd><dd>Free</dd></dl>\
            <p id='y' class='x'>It\u{2019}s here</p>\n<script>track()</script></body></html>";
        let (fa, fb) = (facets(a), facets(b));
        assert_eq!(fa, fb);
        assert_eq!(fa.title.as_deref(), Some("A & B · Site"));
        assert_eq!(fa.heading.as_deref(), Some("A & B"));
        assert_eq!(fa.canonical.as_deref(), Some("https://x.test/a/"));
        assert_eq!(fa.og_image.as_deref(), Some("https://x.test/a.png"));
        assert_eq!(fa.json_ld, vec!["{\"a\":[2],\"b\":1}".to_string()]);
        assert_eq!(fa.figures, vec!["50%", "Free"]);
        assert_eq!(fa.text, "A & B 50% Free It's here");
    }

    #[test]
    fn a_changed_figure_or_stripped_structured_data_shows() {
        let ours = "<body><script type=\"application/ld+json\">{}</script><dd>50%</dd></body>";
        let theirs = "<body><dd>60%</dd></body>";
        let (o, t) = (facets(ours), facets(theirs));
        assert_eq!(o.json_ld.len(), 1);
        assert!(t.json_ld.is_empty());
        assert_ne!(o.figures, t.figures);
    }
}
