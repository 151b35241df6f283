//! What My work looks up once per item, indexed once per read: which pages need a verdict
//! (those with its reviewer on the panel and its tool on the page), and each page by slug.
//! Scanning every page for each item made My work quadratic: on a desk of 10,000 pages an
//! editor's list took three seconds of a core.

use std::collections::HashMap;

use crate::model::Comparison;
use crate::render::Library;

pub(super) struct WorkIndex<'a> {
    /// reviewer → tool → the pages that need that verdict, in page order.
    needed_by: HashMap<&'a str, HashMap<&'a str, Vec<&'a Comparison>>>,
    pages: HashMap<&'a str, &'a Comparison>,
}

impl<'a> WorkIndex<'a> {
    pub(super) fn of(lib: &'a Library) -> Self {
        let mut needed_by: HashMap<&str, HashMap<&str, Vec<&Comparison>>> = HashMap::new();
        let mut pages = HashMap::with_capacity(lib.comparisons.len());
        for c in &lib.comparisons {
            pages.insert(c.slug.as_str(), c);
            for reviewer in &c.panel {
                for tool in &c.tools {
                    let needing = needed_by
                        .entry(reviewer.as_str())
                        .or_default()
                        .entry(tool.as_str())
                        .or_default();
                    // A page names a reviewer or a tool once (the store refuses repeats);
                    // kept safe against a repeat all the same.
                    if !needing.last().is_some_and(|last| std::ptr::eq(*last, c)) {
                        needing.push(c);
                    }
                }
            }
        }
        WorkIndex { needed_by, pages }
    }

    /// The pages that need `reviewer`'s verdict on `tool`, in page order.
    pub(super) fn needing(&self, reviewer: &str, tool: &str) -> &[&'a Comparison] {
        self.needed_by
            .get(reviewer)
            .and_then(|tools| tools.get(tool))
            .map_or(&[][..], Vec::as_slice)
    }

    pub(super) fn page(&self, slug: &str) -> Option<&'a Comparison> {
        self.pages.get(slug).copied()
    }
}
