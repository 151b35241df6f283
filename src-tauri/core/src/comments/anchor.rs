//! Where a comment sits in a field's text, and how that place follows the words when the text
//! is edited: the anchor is mapped through a character diff of the old and new text.
//!
//! Offsets are UTF-16 code units, as a browser's `selectionStart` / `selectionEnd` count them,
//! so the UI sends and highlights them as they are. The diff itself runs over `char`s (a
//! surrogate pair is never split); offsets are converted at the edges.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp};

/// How long one diff may take before it settles for a correct but longer edit script.
const DIFF_DEADLINE: Duration = Duration::from_millis(200);

/// How many other places holding the same words are weighed when the diff moved them.
const CANDIDATES: usize = 8;

/// A range of one field's text, in UTF-16 code units, with the words it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Anchor {
    pub start: u32,
    pub end: u32,
    /// The words under the anchor: the text at `start..end` while they are there; the last
    /// words it had once they were deleted.
    pub quote: String,
    /// True once every word under the anchor was deleted ("on deleted text").
    pub deleted: bool,
}

/// Why an anchor cannot be placed in a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    #[error("a comment needs some selected text (start {start} is not before end {end})")]
    Empty { start: u32, end: u32 },
    #[error("the selection {start}..{end} is outside the text ({len} UTF-16 units long)")]
    OutOfRange { start: u32, end: u32, len: u32 },
    #[error("the selection {start}..{end} splits a character in two")]
    SplitsCharacter { start: u32, end: u32 },
}

/// The length of `text` in UTF-16 code units.
pub fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The char index at UTF-16 offset `at`, or `None` when `at` falls inside a surrogate pair
/// or past the end.
fn char_index(text: &str, at: u32) -> Option<usize> {
    let mut units = 0u32;
    for (i, c) in text.chars().enumerate() {
        if units == at {
            return Some(i);
        }
        if units > at {
            return None;
        }
        units += c.len_utf16() as u32;
    }
    (units == at).then(|| text.chars().count())
}

/// The UTF-16 offset of each char boundary of `chars` (one more entry than chars).
fn utf16_offsets(chars: &[char]) -> Vec<u32> {
    let mut out = Vec::with_capacity(chars.len() + 1);
    let mut at = 0u32;
    out.push(0);
    for c in chars {
        at += c.len_utf16() as u32;
        out.push(at);
    }
    out
}

/// The text at UTF-16 range `start..end` of `text` (empty when out of range).
pub fn slice_utf16(text: &str, start: u32, end: u32) -> String {
    match (char_index(text, start), char_index(text, end)) {
        (Some(s), Some(e)) if s <= e => text.chars().skip(s).take(e - s).collect(),
        _ => String::new(),
    }
}

impl Anchor {
    /// An anchor on `start..end` (UTF-16 units) of `text`, quoting the words there.
    pub fn new(text: &str, start: u32, end: u32) -> Result<Anchor, AnchorError> {
        if start >= end {
            return Err(AnchorError::Empty { start, end });
        }
        let len = utf16_len(text);
        if end > len {
            return Err(AnchorError::OutOfRange { start, end, len });
        }
        if char_index(text, start).is_none() || char_index(text, end).is_none() {
            return Err(AnchorError::SplitsCharacter { start, end });
        }
        Ok(Anchor {
            start,
            end,
            quote: slice_utf16(text, start, end),
            deleted: false,
        })
    }

    /// This anchor after `old` became `new`: its range follows the words it covers; words
    /// typed between them join it, words typed at its edges do not. When all of its words
    /// are gone it is on deleted text and keeps the words it had.
    pub fn map(&self, old: &str, new: &str) -> Anchor {
        if self.deleted || old == new {
            return self.clone();
        }
        let (Some(s), Some(e)) = (char_index(old, self.start), char_index(old, self.end)) else {
            // An anchor that no longer fits its text (set from elsewhere): found by its words.
            return self.relocate(new);
        };
        let old_chars: Vec<char> = old.chars().collect();
        let new_chars: Vec<char> = new.chars().collect();
        let ops = diff(&old_chars, &new_chars);
        let offsets = utf16_offsets(&new_chars);
        let quote: Vec<char> = self.quote.chars().collect();
        let mapped = map_range(&ops, s, e);
        if let Some((ns, ne)) = mapped {
            if new_chars[ns..ne] == quote[..] {
                return self.placed(&offsets, &new_chars, ns, ne);
            }
        }
        // The diff changed the words under the anchor. Where the same words are still in the
        // new text and keeping them costs no more edits than the diff's own script, the diff
        // only chose another of several equal alignments (repeated words): keep the words.
        let cost = edit_cost(&ops);
        let near = mapped.map_or(s, |(ns, _)| ns);
        let mut best: Option<(usize, usize)> = None;
        for p in occurrences(&new_chars, &quote, near) {
            let c = distance(&old_chars[..s], &new_chars[..p])
                + distance(&old_chars[e..], &new_chars[p + quote.len()..]);
            if c <= cost && best.is_none_or(|(bc, _)| c < bc) {
                best = Some((c, p));
            }
        }
        if let Some((_, p)) = best {
            return self.placed(&offsets, &new_chars, p, p + quote.len());
        }
        // Some of its chars survived the diff; but when deleting all of its words explains
        // the edit as cheaply (its last letter matched a letter typed after it), they were
        // deleted as a whole.
        let deleted = Anchor {
            deleted: true,
            ..self.clone()
        };
        match mapped {
            Some((ns, ne)) => {
                let rest: Vec<char> = old_chars[..s]
                    .iter()
                    .chain(&old_chars[e..])
                    .copied()
                    .collect();
                if (e - s) + distance(&rest, &new_chars) <= cost {
                    deleted
                } else {
                    self.placed(&offsets, &new_chars, ns, ne)
                }
            }
            None => deleted,
        }
    }

    /// The anchor found again by its words alone (nearest its old start), or on deleted text.
    pub fn relocate(&self, text: &str) -> Anchor {
        let chars: Vec<char> = text.chars().collect();
        let quote: Vec<char> = self.quote.chars().collect();
        let offsets = utf16_offsets(&chars);
        let near = offsets
            .iter()
            .position(|&o| o >= self.start)
            .unwrap_or(chars.len());
        match occurrences(&chars, &quote, near).first() {
            Some(&p) if !quote.is_empty() => self.placed(&offsets, &chars, p, p + quote.len()),
            _ => Anchor {
                deleted: true,
                ..self.clone()
            },
        }
    }

    fn placed(&self, offsets: &[u32], chars: &[char], s: usize, e: usize) -> Anchor {
        Anchor {
            start: offsets[s],
            end: offsets[e],
            quote: chars[s..e].iter().collect(),
            deleted: false,
        }
    }
}

fn diff(old: &[char], new: &[char]) -> Vec<DiffOp> {
    similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        old,
        new,
        Some(Instant::now() + DIFF_DEADLINE),
    )
}

/// Chars deleted plus chars inserted by an edit script.
fn edit_cost(ops: &[DiffOp]) -> usize {
    ops.iter()
        .map(|op| match *op {
            DiffOp::Equal { .. } => 0,
            DiffOp::Delete { old_len, .. } => old_len,
            DiffOp::Insert { new_len, .. } => new_len,
            DiffOp::Replace {
                old_len, new_len, ..
            } => old_len + new_len,
        })
        .sum()
}

/// The edit distance (insertions plus deletions) of two char slices.
fn distance(a: &[char], b: &[char]) -> usize {
    if a == b {
        return 0;
    }
    edit_cost(&diff(a, b))
}

/// The new range of old chars `s..e`: from the first of them kept to the last one kept, or
/// `None` when none was kept.
fn map_range(ops: &[DiffOp], s: usize, e: usize) -> Option<(usize, usize)> {
    let mut first = None;
    let mut last = None;
    for op in ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            let lo = old_index.max(s);
            let hi = (old_index + len).min(e);
            if lo < hi {
                first.get_or_insert(new_index + (lo - old_index));
                last = Some(new_index + (hi - old_index));
            }
        }
    }
    first.zip(last)
}

/// Where `needle` starts in `hay`, the [`CANDIDATES`] nearest to `near` first.
fn occurrences(hay: &[char], needle: &[char], near: usize) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    let mut found: Vec<usize> = (0..=hay.len() - needle.len())
        .filter(|&p| hay[p..p + needle.len()] == *needle)
        .collect();
    found.sort_by_key(|&p| (p.abs_diff(near), p));
    found.truncate(CANDIDATES);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_utf16_units() {
        let text = "Ship 😀 it, café";
        // "😀" is two UTF-16 units; "é" one.
        let a = Anchor::new(text, 5, 7).unwrap();
        assert_eq!(a.quote, "😀");
        let b = Anchor::new(text, 12, 16).unwrap();
        assert_eq!(b.quote, "café");
        assert_eq!(
            Anchor::new(text, 5, 6),
            Err(AnchorError::SplitsCharacter { start: 5, end: 6 })
        );
        assert!(matches!(
            Anchor::new(text, 3, 3),
            Err(AnchorError::Empty { .. })
        ));
        assert!(matches!(
            Anchor::new(text, 3, 40),
            Err(AnchorError::OutOfRange { len: 16, .. })
        ));
    }

    #[test]
    fn follows_words_through_edits_before_and_inside() {
        let old = "The DX bet is strong.";
        let a = Anchor::new(old, 4, 10).unwrap();
        assert_eq!(a.quote, "DX bet");
        let moved = a.map(old, "Honestly, the DX bet is strong.");
        assert_eq!(moved.quote, "DX bet");
        assert_eq!((moved.start, moved.end), (14, 20));
        let grown = moved.map(
            "Honestly, the DX bet is strong.",
            "Honestly, the DX 🚀 bet is strong.",
        );
        assert_eq!(grown.quote, "DX 🚀 bet");
        assert!(!grown.deleted);
    }

    #[test]
    fn deleted_words_keep_their_quote() {
        let old = "Fast. The moat question is open. Cheap.";
        let a = Anchor::new(old, 6, 31).unwrap();
        let gone = a.map(old, "Fast. Cheap.");
        assert!(gone.deleted);
        assert_eq!(gone.quote, "The moat question is open");
        // Once on deleted text it stays there, whatever comes next.
        assert_eq!(gone.map("Fast. Cheap.", "Fast!"), gone);
    }

    #[test]
    fn repeated_words_stay_with_the_right_copy() {
        let old = "ab ab";
        let a = Anchor::new(old, 3, 5).unwrap();
        let kept = a.map(old, "ab");
        assert!(!kept.deleted);
        assert_eq!((kept.start, kept.end, kept.quote.as_str()), (0, 2, "ab"));
    }
}
