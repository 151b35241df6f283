//! What each file of the site is made from, hashed: a file is written again only when its
//! key changes. The whole build's fingerprint skips even loading the content when nothing
//! changed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::SiteOptions;
use crate::model::{CommunityVotes, Comparison, Tool};
use crate::render::{Library, RenderError, Renderer};
use crate::store::Store;
use crate::util::hash;

pub(super) fn json_hash<T: Serialize>(value: &T) -> String {
    hash(&[&serde_json::to_vec(value).expect("model serialises")])
}

/// The content, app version and options the site is built from, as the manifest keeps it.
pub(super) fn fingerprint(store: &Store, options: SiteOptions) -> Result<String, RenderError> {
    let mut fingerprint = format!(
        "{}:{}:{}:{}:{}",
        store.content_fingerprint()?,
        env!("CARGO_PKG_VERSION"),
        options.include_drafts,
        options.no_share_cards,
        options.linked_css
    );
    // An image's alt text is on the pages but has no revision: its rows count too (added
    // only when the desk has images, so sites without any keep their fingerprint).
    let media = store.media_list()?;
    if !media.is_empty() {
        fingerprint.push(':');
        fingerprint.push_str(&json_hash(&media));
    }
    Ok(fingerprint)
}

/// Each input hashed once; a page's key combines the hashes of what it shows.
pub(super) struct Keys {
    /// The theme, the app's version and where the CSS goes: the stylesheet's own key.
    pub(super) theme: String,
    /// The theme's key with the site settings and the images': part of every page's.
    pub(super) site: String,
    tools: BTreeMap<String, String>,
    reviewers: BTreeMap<String, String>,
    /// By (reviewer, tool).
    verdicts: BTreeMap<(String, String), String>,
    /// Each tool's verdicts' keys, by reviewer.
    verdicts_of_tool: BTreeMap<String, Vec<String>>,
}

impl Keys {
    pub(super) fn new(
        lib: &Library,
        renderer: &Renderer,
        stylesheet: &str,
        options: SiteOptions,
    ) -> Keys {
        let theme = hash(&[
            renderer.theme().as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
            if options.linked_css {
                stylesheet.as_bytes()
            } else {
                b"inline"
            },
        ]);
        // Pages show images' alt text and sizes: a change to any image rebuilds the pages
        // (rare; nothing when the desk has none).
        let site = if lib.pictures.items.is_empty() {
            hash(&[theme.as_bytes(), json_hash(&lib.site).as_bytes()])
        } else {
            let media: BTreeMap<&String, &crate::media::MediaItem> =
                lib.pictures.items.iter().collect();
            hash(&[
                theme.as_bytes(),
                json_hash(&lib.site).as_bytes(),
                json_hash(&media).as_bytes(),
            ])
        };
        let verdicts: BTreeMap<(String, String), String> = lib
            .verdicts
            .values()
            .map(|v| ((v.reviewer.clone(), v.tool.clone()), json_hash(v)))
            .collect();
        let mut verdicts_of_tool: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for ((_, tool), key) in &verdicts {
            verdicts_of_tool
                .entry(tool.clone())
                .or_default()
                .push(key.clone());
        }
        Keys {
            theme,
            site,
            tools: lib
                .tools
                .values()
                .map(|t| (t.slug.clone(), json_hash(t)))
                .collect(),
            reviewers: lib
                .reviewers
                .values()
                .map(|r| (r.slug.clone(), json_hash(r)))
                .collect(),
            verdicts,
            verdicts_of_tool,
        }
    }

    /// A comparison page's key: the site's, the page's, and each tool, verdict, reviewer
    /// and vote it shows (`votes`: the page's).
    pub(super) fn page(&self, c: &Comparison, votes: &[&CommunityVotes]) -> String {
        let missing = String::new();
        let mut parts: Vec<Vec<u8>> = vec![
            self.site.clone().into_bytes(),
            serde_json::to_vec(c).expect("serialises"),
        ];
        for t in &c.tools {
            parts.push(self.tools.get(t).unwrap_or(&missing).clone().into_bytes());
            for r in &c.panel {
                let key = self
                    .verdicts
                    .get(&(r.clone(), t.clone()))
                    .unwrap_or(&missing);
                parts.push(key.clone().into_bytes());
            }
        }
        for r in &c.panel {
            parts.push(
                self.reviewers
                    .get(r)
                    .unwrap_or(&missing)
                    .clone()
                    .into_bytes(),
            );
        }
        for v in votes {
            parts.push(serde_json::to_vec(v).expect("serialises"));
        }
        hash(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
    }

    /// A tool page's key: the site's, the tool's, the pages it lists (`pages`) and its
    /// verdicts.
    pub(super) fn tool(&self, t: &Tool, pages: &[&Comparison]) -> String {
        let mut parts = vec![self.site.clone(), self.tools[&t.slug].clone()];
        for c in pages {
            parts.push(format!("{}\u{0}{}", c.slug, c.title));
        }
        for key in self.verdicts_of_tool.get(&t.slug).into_iter().flatten() {
            parts.push(key.clone());
        }
        hash(&parts.iter().map(|s| s.as_bytes()).collect::<Vec<_>>())
    }
}
