//! schema.org JSON-LD for a comparison page: each tool a SoftwareApplication with the panel as
//! an AggregateRating and each accepted verdict as a Review by its persona.

use serde_json::{json, Value};

use super::Page;
use crate::model::Call;

/// The JSON-LD document, escaped so it can sit inside `<script type="application/ld+json">`.
pub fn for_page(page: &Page) -> String {
    let graph: Vec<Value> = page
        .tools
        .iter()
        .map(|tool| {
            let reviews: Vec<Value> = page
                .scorecard
                .iter()
                .filter_map(|row| {
                    let cell = row.cells.iter().find(|c| c.tool_slug == tool.slug)?;
                    let verdict = cell.verdict.as_ref()?;
                    Some(json!({
                        "@type": "Review",
                        "name": verdict.label,
                        "author": {
                            "@type": "Person",
                            "name": row.reviewer_name,
                            "jobTitle": row.persona,
                        },
                        "reviewBody": cell.quote_text,
                        "reviewRating": {
                            "@type": "Rating",
                            "ratingValue": if verdict.call == Call::Ship { 1 } else { 0 },
                            "worstRating": 0,
                            "bestRating": 1,
                        },
                    }))
                })
                .collect();
            let mut app = json!({
                "@type": "SoftwareApplication",
                "@id": format!("{}#tool-{}", page.url, tool.slug),
                "name": tool.name,
                "applicationCategory": tool.category,
                "description": tool.tagline,
                "review": reviews,
            });
            if !tool.vendor.is_empty() {
                app["author"] = json!({ "@type": "Organization", "name": tool.vendor });
            }
            if tool.entry == "Free" {
                app["offers"] = json!({ "@type": "Offer", "price": "0", "priceCurrency": "USD" });
            }
            if let Some(percent) = tool.panel.percent {
                app["aggregateRating"] = json!({
                    "@type": "AggregateRating",
                    "ratingValue": percent,
                    "worstRating": 0,
                    "bestRating": 100,
                    "ratingCount": tool.panel.total,
                    "name": "Panel ship",
                });
            }
            app
        })
        .collect();
    let doc = json!({
        "@context": "https://schema.org",
        "@graph": graph,
    });
    escape_for_script(&doc.to_string())
}

/// JSON may contain `</script>` inside strings; these escapes keep it data, still valid JSON.
fn escape_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
