//! A small scanner for the ways HTML can run script, shared by the targets that render.
//!
//! The HTML checked here comes out of ammonia / html5ever's serialiser or minijinja with
//! autoescape, so attributes are well formed; the scanner still copes with any input.

/// Attributes whose value is fetched or followed as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "longdesc",
    "srcset",
    "data",
    "codebase",
    "lowsrc",
    "dynsrc",
];

/// Each way `html` could run script: a `<script` element (other than the `allowed_scripts`
/// JSON-LD blocks), an `on…` event-handler attribute, or a URL attribute with a script
/// scheme. Case-insensitive.
pub fn script_vectors(html: &str, allowed_scripts: usize) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let scripts = lower.matches("<script").count();
    let json_ld = lower
        .matches("<script type=\"application/ld+json\">")
        .count();
    if scripts > json_ld.min(allowed_scripts) {
        found.push(format!(
            "{scripts} <script elements ({json_ld} JSON-LD, {allowed_scripts} allowed)"
        ));
    }
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        let mut j = i + off + 1;
        i = j;
        let name_start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == name_start {
            continue; // `</x`, `<!--`, or a `<` in text (html5ever escapes those anyway)
        }
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let attr_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let name = &lower[attr_start..j];
            let mut value = "";
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let quote = b[j] as char;
                    let start = j + 1;
                    let end = lower[start..].find(quote).map_or(b.len(), |k| start + k);
                    value = &lower[start..end];
                    j = (end + 1).min(b.len());
                } else {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = &lower[start..j];
                }
            }
            if name.starts_with("on") && name.len() > 2 {
                found.push(format!("event handler attribute {name}=\"{value}\""));
            }
            if URL_ATTRIBUTES.contains(&name) && is_script_url(value) {
                found.push(format!("script URL in {name}=\"{value}\""));
            }
            if j == attr_start {
                j += 1; // never stall on a byte no rule consumed
            }
        }
        i = i.max(j.min(b.len()));
    }
    found
}

/// Whether a browser would run this attribute value as script. The URL parser drops leading
/// and trailing C0 controls and spaces and every tab and newline before it reads the scheme;
/// any other byte (an ESC, say) ends the scheme, making the URL relative. `&#…;` references
/// were already decoded by html5ever, and `&amp;`/`&quot;`/`&nbsp;` cannot form a scheme.
fn is_script_url(value: &str) -> bool {
    let compact: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    ["javascript:", "vbscript:", "data:text/html", "livescript:"]
        .iter()
        .any(|s| compact.starts_with(s))
}
