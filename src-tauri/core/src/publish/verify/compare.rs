//! Compares the desk's page with a target's copy on the normalized form ([`super::facets`]),
//! and says each difference the way a publisher would.

use super::facets::{collapse, facets, Facets};
use super::{said, Serving};
use crate::store::receipts::{Difference, Place};

/// How many words a quoted excerpt has.
const EXCERPT_WORDS: usize = 8;

/// The stored copy against what the desk sent (both in the target's shape).
pub fn stored(
    who: &str,
    serving: Serving,
    sent: &str,
    our_title: &str,
    their_title: Option<&str>,
    their_html: &str,
) -> Vec<Difference> {
    let (ours, theirs) = (facets(sent), facets(their_html));
    let mut out = Vec::new();
    let title_changed = their_title.is_some_and(|t| collapse(t) != collapse(our_title));
    if let Some(t) = their_title.filter(|_| title_changed) {
        out.push(said(
            Place::Stored,
            "title",
            format!("the title was changed on {who} to “{}”", collapse(t)),
        ));
    }
    if serving == Serving::Document {
        if ours.title != theirs.title && !title_changed {
            out.push(said(
                Place::Stored,
                "title",
                format!(
                    "the page's title was changed on {who} to “{}”",
                    theirs.title.clone().unwrap_or_default()
                ),
            ));
        }
        links(&mut out, Place::Stored, who, &ours, &theirs);
    }
    content(&mut out, Place::Stored, who, &ours, &theirs, false);
    if out.is_empty() && ours.markup != theirs.markup {
        out.push(said(
            Place::Stored,
            "markup",
            format!(
                "the page's markup was changed on {who} (the words and figures readers see are \
                 the same)"
            ),
        ));
    }
    out
}

/// The page a reader gets at `url` against the desk's page (`html`, the whole document;
/// `sent`, what the target was given).
pub fn public(
    who: &str,
    serving: Serving,
    html: &str,
    sent: &str,
    title: &str,
    served: &str,
) -> Vec<Difference> {
    let theirs = facets(served);
    let mut out = Vec::new();
    match serving {
        Serving::Document => {
            let ours = facets(html);
            if ours.title != theirs.title {
                out.push(said(
                    Place::Public,
                    "title",
                    format!(
                        "readers see the title “{}”, not “{}”",
                        theirs.title.clone().unwrap_or_default(),
                        ours.title.clone().unwrap_or_default()
                    ),
                ));
            }
            links(&mut out, Place::Public, who, &ours, &theirs);
            content(&mut out, Place::Public, who, &ours, &theirs, false);
            if out.is_empty() && ours.markup != theirs.markup {
                out.push(said(
                    Place::Public,
                    "markup",
                    "the page readers get has other markup than the desk's (the words and \
                     figures are the same)"
                        .into(),
                ));
            }
        }
        Serving::Embedded => {
            let ours = facets(sent);
            let shown = theirs.title.as_deref().map(collapse).unwrap_or_default();
            if !shown.contains(&collapse(title)) {
                out.push(said(
                    Place::Public,
                    "title",
                    format!("readers see the title “{shown}”, not “{}”", collapse(title)),
                ));
            }
            content(&mut out, Place::Public, who, &ours, &theirs, true);
        }
    }
    out
}

/// Canonical address and share image (only a document's own).
fn links(out: &mut Vec<Difference>, place: Place, who: &str, ours: &Facets, theirs: &Facets) {
    let said_link = |what: &str, name: &str, o: &Option<String>, t: &Option<String>| match (o, t) {
        (Some(o), None) => Some(said(
            place,
            what,
            format!("{who} serves the page without its {name} (the desk's is {o})"),
        )),
        (o, Some(t)) if o.as_ref() != Some(t) => Some(said(
            place,
            what,
            format!(
                "the {name} is {t}, not {}",
                o.clone().unwrap_or_else(|| "none".into())
            ),
        )),
        _ => None,
    };
    out.extend(said_link(
        "canonical",
        "canonical address",
        &ours.canonical,
        &theirs.canonical,
    ));
    out.extend(said_link(
        "share_image",
        "share image (og:image)",
        &ours.og_image,
        &theirs.og_image,
    ));
}

/// Structured data, figures and text. `within`: the target may wrap the page in its own
/// theme, so the desk's must be found in what it serves rather than be all of it.
fn content(
    out: &mut Vec<Difference>,
    place: Place,
    who: &str,
    ours: &Facets,
    theirs: &Facets,
    within: bool,
) {
    let where_ = match place {
        Place::Stored => format!("on {who}"),
        Place::Public => "in what readers get".to_string(),
    };
    if !ours.json_ld.is_empty() {
        let kept = ours.json_ld.iter().all(|j| theirs.json_ld.contains(j));
        if theirs.json_ld.is_empty() {
            out.push(said(
                place,
                "structured_data",
                format!("{who} removed the page's structured data (JSON-LD) {where_}"),
            ));
        } else if !kept || (!within && ours.json_ld != theirs.json_ld) {
            out.push(said(
                place,
                "structured_data",
                format!("the page's structured data (JSON-LD) was changed {where_}"),
            ));
        }
    }
    let figures_kept = if within {
        ours.figures.is_empty()
            || theirs
                .figures
                .windows(ours.figures.len())
                .any(|w| w == ours.figures.as_slice())
    } else {
        ours.figures == theirs.figures
    };
    if !figures_kept {
        let first = ours
            .figures
            .iter()
            .zip(theirs.figures.iter())
            .find(|(o, t)| o != t);
        out.push(said(
            place,
            "figures",
            match first {
                Some((o, t)) => {
                    format!("a figure reads “{t}” {where_} where the desk has “{o}”")
                }
                None => format!(
                    "the figures differ {where_}: {} there, {} at the desk",
                    theirs.figures.len(),
                    ours.figures.len()
                ),
            },
        ));
    }
    if let Some(missing) = first_missing(&ours.text, &theirs.text) {
        out.push(said(
            place,
            "text",
            format!("the text differs {where_}: “{missing}” is not there"),
        ));
    } else if !within {
        if let Some(added) = first_missing(&theirs.text, &ours.text) {
            out.push(said(
                place,
                "text",
                format!(
                    "the text differs {where_}: it has “{added}”, which the desk did not publish"
                ),
            ));
        }
    }
}

/// The first run of words of `text` that `within` does not contain, as an excerpt that
/// starts at the first word not there.
fn first_missing(text: &str, within: &str) -> Option<String> {
    if within.contains(text) {
        return None;
    }
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() <= EXCERPT_WORDS {
        return Some(words.join(" "));
    }
    let padded = format!(" {within} ");
    let missing = (0..=words.len() - EXCERPT_WORDS).find(|&start| {
        let window = words[start..start + EXCERPT_WORDS].join(" ");
        !padded.contains(&format!(" {window} "))
    });
    let from = match missing {
        // The words before it are there, in this order: the window's last word is new.
        Some(start) if start > 0 => start + EXCERPT_WORDS - 1,
        // In the first words: where the two texts part.
        Some(_) => words
            .iter()
            .zip(within.split(' ').filter(|w| !w.is_empty()))
            .take_while(|(a, b)| **a == *b)
            .count(),
        // Every run is there, but not in this order.
        None => 0,
    }
    .min(words.len() - 1);
    let to = (from + EXCERPT_WORDS).min(words.len());
    Some(format!(
        "{}{}{}",
        if from > 0 { "…" } else { "" },
        words[from..to].join(" "),
        if to < words.len() { "…" } else { "" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>A vs B · Site</title>\
        <link rel=\"canonical\" href=\"https://x.test/a/\">\
        <script type=\"application/ld+json\">{\"a\":1}</script></head>\
        <body><h1>A vs B</h1><dl><dd>50%</dd></dl><p>One two three four five six seven \
        eight nine ten.</p></body></html>";

    #[test]
    fn the_same_page_has_no_difference() {
        let spaced = PAGE.replace("><", ">\n  <");
        assert!(stored(
            "the page server",
            Serving::Document,
            PAGE,
            "A vs B",
            Some("A vs B"),
            &spaced
        )
        .is_empty());
        assert!(public("x", Serving::Document, PAGE, PAGE, "A vs B", &spaced).is_empty());
    }

    #[test]
    fn differences_are_said_for_a_publisher() {
        let stripped = PAGE.replace(
            "<script type=\"application/ld+json\">{\"a\":1}</script>",
            "",
        );
        let found = public(
            "WordPress",
            Serving::Embedded,
            PAGE,
            PAGE,
            "A vs B",
            &stripped,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].said,
            "WordPress removed the page's structured data (JSON-LD) in what readers get"
        );
        let edited = PAGE
            .replace("50%", "70%")
            .replace("six seven", "six and seven");
        let found = stored(
            "the page server",
            Serving::Document,
            PAGE,
            "A vs B",
            None,
            &edited,
        );
        let said: Vec<&str> = found.iter().map(|d| d.said.as_str()).collect();
        assert_eq!(
            said,
            [
                "a figure reads “70%” on the page server where the desk has “50%”",
                "the text differs on the page server: “…50% One two three four five six seven…” is not there"
            ]
        );
        let themed = format!(
            "<html><head><title>A vs B – Blog</title></head><body><nav>Home</nav>{}</body></html>",
            super::super::super::wordpress::body_of(PAGE)
        );
        let sent = super::super::super::wordpress::body_of(PAGE).to_string();
        assert!(public(
            "WordPress",
            Serving::Embedded,
            PAGE,
            &sent,
            "A vs B",
            &themed
        )
        .is_empty());
    }
}
