//! schema.org JSON-LD for a comparison page: each tool a SoftwareApplication with the panel as
//! an AggregateRating and each accepted verdict as a Review by its persona.

use serde::Serialize;

use super::Page;
use crate::model::Call;

// Typed and borrowed, serialised straight to text: building a serde_json::Value tree first
// was half of the whole page's render time.

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<App<'a>>,
}

#[derive(Serialize)]
struct App<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    #[serde(rename = "applicationCategory")]
    category: &'a str,
    description: &'a str,
    /// The tool's logo (schema.org `image`), an absolute address only.
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Org<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offers: Option<Offer>,
    #[serde(rename = "aggregateRating", skip_serializing_if = "Option::is_none")]
    aggregate_rating: Option<Aggregate>,
    review: Vec<Review<'a>>,
}

#[derive(Serialize)]
struct Org<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Offer {
    #[serde(rename = "@type")]
    kind: &'static str,
    price: &'static str,
    #[serde(rename = "priceCurrency")]
    currency: &'static str,
}

#[derive(Serialize)]
struct Aggregate {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "ratingValue")]
    value: u32,
    #[serde(rename = "worstRating")]
    worst: u32,
    #[serde(rename = "bestRating")]
    best: u32,
    #[serde(rename = "ratingCount")]
    count: u32,
    name: &'static str,
}

#[derive(Serialize)]
struct Review<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    author: Person<'a>,
    #[serde(rename = "reviewBody")]
    body: &'a str,
    #[serde(rename = "reviewRating")]
    rating: Rating,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "jobTitle")]
    job_title: &'a str,
}

#[derive(Serialize)]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "ratingValue")]
    value: u32,
    #[serde(rename = "worstRating")]
    worst: u32,
    #[serde(rename = "bestRating")]
    best: u32,
}

/// The JSON-LD document, escaped so it can sit inside `<script type="application/ld+json">`.
pub fn for_page(page: &Page) -> String {
    let graph = page
        .tools
        .iter()
        .map(|tool| App {
            kind: "SoftwareApplication",
            id: format!("{}#tool-{}", page.url, tool.slug),
            name: &tool.name,
            category: &tool.category,
            description: &tool.tagline,
            image: tool.logo_image.as_deref(),
            author: (!tool.vendor.is_empty()).then_some(Org {
                kind: "Organization",
                name: &tool.vendor,
            }),
            offers: (tool.entry == "Free").then_some(Offer {
                kind: "Offer",
                price: "0",
                currency: "USD",
            }),
            aggregate_rating: tool.panel.percent.map(|value| Aggregate {
                kind: "AggregateRating",
                value,
                worst: 0,
                best: 100,
                count: tool.panel.total,
                name: "Panel ship",
            }),
            review: page
                .scorecard
                .iter()
                .filter_map(|row| {
                    let cell = row.cells.iter().find(|c| c.tool_slug == tool.slug)?;
                    let verdict = cell.verdict.as_ref()?;
                    Some(Review {
                        kind: "Review",
                        name: verdict.label,
                        author: Person {
                            kind: "Person",
                            name: &row.reviewer_name,
                            job_title: &row.persona,
                        },
                        body: &cell.quote_text,
                        rating: Rating {
                            kind: "Rating",
                            value: u32::from(verdict.call == Call::Ship),
                            worst: 0,
                            best: 1,
                        },
                    })
                })
                .collect(),
        })
        .collect();
    let doc = Document {
        context: "https://schema.org",
        graph,
    };
    escape_for_script(&serde_json::to_string(&doc).expect("JSON-LD serialises"))
}

/// JSON may contain `</script>` inside strings; these escapes keep it data, still valid JSON.
fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut start = 0;
    for (i, b) in json.bytes().enumerate() {
        let escaped = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        out.push_str(&json[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&json[start..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_breakouts_are_escaped() {
        assert_eq!(
            super::escape_for_script(r#"{"a":"</script><b>&amp;"}"#),
            r#"{"a":"\u003c/script\u003e\u003cb\u003e\u0026amp;"}"#
        );
        assert_eq!(super::escape_for_script("plain"), "plain");
    }
}
