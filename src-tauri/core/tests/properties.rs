//! Property tests over the entry points that take untrusted input: bundle files, Markdown
//! and publishing-endpoint replies. The same entry points are fuzzed for longer by the
//! cargo-fuzz targets in `fuzz/`; these run with every `cargo test` and stay fast (64 cases
//! each, a few seconds in a debug build).

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};
use verdict_core::store::SaveCtx;

use verdict_core::desk::SAMPLE_BUNDLE;
use verdict_core::publish::http::{read_reply, Reply};
use verdict_core::publish::wordpress::{body_of, read_posts_reply};
use verdict_core::render::markdown::{quote_html, to_plain_text, to_safe_html};
use verdict_core::{Bundle, Store};
use verdict_fixtures::{generate_bundle, GenerateOptions};

/// 64 cases each by default; `PROPTEST_CASES=5000 cargo test --test properties` runs deeper.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        // No regression files: the failing input is printed, shrunk, in the test output.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Bundles

/// Every JSON pointer into `value`, the root included.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Text a Markdown field accepts: anything but control characters other than \n, \t, \r.
fn text() -> impl Strategy<Value = String> {
    "([^\\p{Cc}]|[\n\t\r]){0,120}"
}

/// A single-line field that must not be blank.
fn line() -> impl Strategy<Value = String> {
    "[^\\p{Cc}]{0,40}[^\\p{Cc}\\s][^\\p{Cc}]{0,40}"
}

/// A small generated data set, with hostile or unusual text laid into its free-text fields.
fn valid_bundle() -> impl Strategy<Value = Bundle> {
    (2usize..7, 1usize..4, any::<u64>())
        .prop_flat_map(|(tools, reviewers, seed)| {
            let pairs = tools * (tools - 1) / 2;
            (Just((tools, reviewers, seed)), 0..=pairs.min(6))
        })
        .prop_flat_map(|((tools, reviewers, seed), comparisons)| {
            let bundle = generate_bundle(&GenerateOptions {
                tools,
                comparisons,
                reviewers,
                seed,
            })
            .expect("options within the generator's limits");
            (Just(bundle), line(), text(), text(), text(), line(), text())
        })
        .prop_map(|(mut b, name, description, bio, quote, title, intro)| {
            b.tools[0].name = name;
            b.tools[0].description = description;
            b.reviewers[0].bio = bio;
            if let Some(v) = b.verdicts.first_mut() {
                v.quote = quote;
                // A submitted or accepted verdict needs a quote; keep the generated status valid.
                if v.quote.trim().is_empty() {
                    v.quote.push('x');
                }
            }
            if let Some(c) = b.comparisons.first_mut() {
                c.title = title;
                c.intro = intro;
            }
            b
        })
}

/// Sorts each list the way an export orders it, so a bundle can be compared with its export.
fn canonical(mut b: Bundle) -> Bundle {
    b.tools.sort_by(|x, y| x.slug.cmp(&y.slug));
    b.reviewers.sort_by(|x, y| x.slug.cmp(&y.slug));
    b.comparisons.sort_by(|x, y| x.slug.cmp(&y.slug));
    b.verdicts
        .sort_by(|x, y| (&x.tool, &x.reviewer).cmp(&(&y.tool, &y.reviewer)));
    b.community_votes
        .sort_by(|x, y| (&x.comparison, &x.tool).cmp(&(&y.comparison, &y.tool)));
    b
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn bundle_parse_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Bundle::parse(&bytes);
    }

    #[test]
    fn bundle_parse_never_panics_on_text(text in any::<String>()) {
        let _ = Bundle::parse(text.as_bytes());
        // With the header right, the rest of the file is what is arbitrary.
        let framed = format!(r#"{{"format":"verdict-desk-bundle","version":1,{text}}}"#);
        let _ = Bundle::parse(framed.as_bytes());
    }

    /// The sample bundle with one value anywhere replaced by an arbitrary JSON value: parse and
    /// import never panic, and a refused import leaves the database exactly as it was.
    #[test]
    fn mutated_sample_bundles_import_all_or_nothing(at in any::<Index>(), value in json_value()) {
        let mut doc: Value = serde_json::from_str(SAMPLE_BUNDLE).unwrap();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let pointer = at.get(&all).clone();
        match doc.pointer_mut(&pointer) {
            Some(slot) => *slot = value,
            None => unreachable!("pointer {pointer} was collected from the document"),
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        if let Ok(bundle) = Bundle::parse(&bytes) {
            let mut store = verdict_core::desk::sample_store().unwrap();
            let before = store.export_bundle().unwrap().to_json();
            if store.import_bundle(&SaveCtx::import(), &bundle).is_err() {
                prop_assert_eq!(store.export_bundle().unwrap().to_json(), before);
            }
        }
    }

    /// Generated valid content, with odd text in it, survives export → import exactly.
    #[test]
    fn generated_content_round_trips_exactly(bundle in valid_bundle()) {
        let mut store = Store::open_in_memory().unwrap();
        store.import_bundle(&SaveCtx::import(), &bundle).unwrap();
        let exported = store.export_bundle().unwrap();
        prop_assert_eq!(&exported, &canonical(bundle.clone()));
        let text = exported.to_json();
        let parsed = Bundle::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(&parsed, &exported);
        let mut again = Store::open_in_memory().unwrap();
        again.import_bundle(&SaveCtx::import(), &parsed).unwrap();
        prop_assert_eq!(again.export_bundle().unwrap().to_json(), text);
        // Importing what is already there creates and changes nothing.
        let report = store.import_bundle(&SaveCtx::import(), &parsed).unwrap();
        prop_assert_eq!(report.created + report.updated, 0, "{}", report);
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Pieces people (and attackers) put in Markdown: raw HTML with handlers, script URLs in every
/// spelling, nesting, comments, entities, and the punctuation that switches parser states.
const RISKY: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"x\" ONERROR=\"alert(1)\">",
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\">s</a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<details open ontoggle=alert(1)>",
    "<div onclick=\"alert(1)\">d</div>",
    "<body onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">a</a>",
    "<a href=\" &#14; javascript:alert(1)\">a</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>b</button>",
    "<object data=\"data:text/html,<script>alert(1)</script>\">",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x73;cript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![i](javascript:alert(1))",
    "![i](x \"onerror=alert(1)\")",
    "<javascript:alert(1)>",
    "[r]",
    "\n[r]: javascript:alert(1)\n",
    "[^1]",
    "\n[^1]: <img src=x onerror=alert(1)>\n",
    "<!-- ",
    " -->",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;",
    "&#x6A;avascript:",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<p style=\"background:url(javascript:alert(1))\">p</p>",
    "> ",
    ">> ",
    "- ",
    "* ",
    "1. ",
    "   ",
    "\t",
    "\n",
    "\n\n",
    "```\n",
    "`",
    "| a | b |\n|---|---|\n",
    "*",
    "_",
    "~~",
    "[",
    "](",
    ")",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "/",
    "text",
];

fn risky_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => proptest::sample::select(RISKY).prop_map(str::to_string),
        1 => "[a-zA-Z<>\"'=/:&#;()\\[\\] \n-]{0,12}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

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
];

/// Each way `html` could run script: a `<script` element, an `on…` event-handler attribute, or
/// a URL attribute with a script scheme (case-insensitive). The same scanner as the fuzz
/// targets' `html_check.rs`.
fn script_vectors(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    if lower.contains("<script") {
        found.push("<script element".to_string());
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
            continue;
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
                found.push(format!("event handler {name}=\"{value}\""));
            }
            // As the URL parser reads a scheme: leading and trailing C0 controls and spaces
            // dropped, tabs and newlines dropped anywhere; any other byte ends the scheme.
            let compact: String = value
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            if URL_ATTRIBUTES.contains(&name)
                && ["javascript:", "vbscript:", "data:text/html", "livescript:"]
                    .iter()
                    .any(|s| compact.starts_with(s))
            {
                found.push(format!("script URL {name}=\"{value}\""));
            }
            if j == attr_start {
                j += 1;
            }
        }
        i = i.max(j.min(b.len()));
    }
    found
}

#[test]
fn the_scanner_sees_what_it_looks_for() {
    for bad in [
        "<script>",
        "<SCRIPT src=x>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"JavaScript:x\">",
        "<a href=\" java\tscript:x\">",
        "<div id=a ONCLICK='x'>",
        "<a href=\"\u{1}\u{1f} jav\nascr\tipt:x\">",
    ] {
        assert!(!script_vectors(bad).is_empty(), "{bad} not seen");
    }
    for fine in [
        "<p>onion=3 and javascript: in text</p>",
        "<a href=\"https://x\" title=\"javascript:\">a</a>",
        "&lt;script&gt;",
        // An ESC inside the scheme makes the URL relative, as the fuzzer found.
        "<a href=\"java\ts\u{1b}cript:x\">c</a>",
    ] {
        assert!(script_vectors(fine).is_empty(), "{fine} flagged");
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sanitised_markdown_never_carries_script(md in risky_markdown()) {
        let html = to_safe_html(&md);
        let found = script_vectors(&html);
        prop_assert!(found.is_empty(), "{:?}\n--- markdown ---\n{}\n--- html ---\n{}", found, md, html);
        let quoted = quote_html(&md);
        prop_assert!(script_vectors(&quoted).is_empty(), "{}", quoted);
        let _ = to_plain_text(&md);
    }

    #[test]
    fn markdown_never_panics_on_arbitrary_text(md in any::<String>()) {
        let html = to_safe_html(&md);
        prop_assert!(script_vectors(&html).is_empty(), "{}", html);
        let _ = to_plain_text(&md);
    }
}

// ---------------------------------------------------------------------------------------------
// Endpoint replies

/// Keys the reply parsers look for, so generated objects often come close to a real reply.
const KEYS: &[&str] = &[
    "api",
    "version",
    "pages",
    "votes",
    "comparison",
    "tool",
    "as_of",
    "slug",
    "title",
    "page",
    "html",
    "etag",
    "url",
    "content_hash",
    "current",
    "error",
    "message",
    "id",
    "link",
    "status",
    "modified_gmt",
    "content",
    "raw",
    "rendered",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        any::<String>().prop_map(Value::String),
        "<body[^>]{0,5}>.{0,10}(</body>)?".prop_map(Value::String),
        "<!-- verdict-desk:[a-z0-9:]{0,10} -->\n?.{0,10}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec(
                (
                    prop_oneof![
                        4 => proptest::sample::select(KEYS).prop_map(str::to_string),
                        1 => any::<String>(),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn replies_never_panic_on_arbitrary_json(value in json_value()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        for kind in [Reply::Page, Reply::Precondition, Reply::Votes, Reply::Service] {
            let _ = read_reply(kind, &bytes);
        }
        let _ = read_posts_reply(&bytes);
        let text = String::from_utf8(bytes).unwrap();
        let body = body_of(&text);
        prop_assert!(text.contains(body));
    }

    #[test]
    fn replies_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for kind in [Reply::Page, Reply::Precondition, Reply::Votes, Reply::Service] {
            let _ = read_reply(kind, &bytes);
        }
        let _ = read_posts_reply(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        let _ = body_of(&text);
    }

    /// A well-formed page resource is read back with its fields intact.
    #[test]
    fn a_page_reply_keeps_its_fields(title in any::<String>(), etag in any::<String>(), url in any::<String>()) {
        let reply = serde_json::json!({"title": title, "etag": etag, "url": url, "page": {"x": 1}});
        let copy = read_reply(Reply::Page, &serde_json::to_vec(&reply).unwrap()).unwrap().unwrap();
        prop_assert_eq!(copy.version.as_deref(), Some(etag.as_str()));
        prop_assert_eq!(copy.url.as_deref(), Some(url.as_str()));
        prop_assert_eq!(&copy.fields["title"], &Value::String(title));
    }
}
