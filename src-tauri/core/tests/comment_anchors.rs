//! Property tests of a comment's anchor through random edits: an anchor whose words are still
//! there is never lost nor put on other words, and while it is on the text its quote is the
//! text under it. Texts mix ASCII, accented letters, CJK and astral emoji (two UTF-16 units),
//! from a small alphabet so that words repeat and the diff has equal alignments to choose from.

use proptest::prelude::*;
use verdict_core::comments::anchor::{slice_utf16, utf16_len};
use verdict_core::comments::Anchor;

const ALPHABET: &[char] = &['a', 'b', 'é', ' ', '中', '😀', 'x', '.'];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max)
        .prop_map(|c| c.into_iter().collect())
}

/// UTF-16 offset of char index `i`.
fn units(text: &str, i: usize) -> u32 {
    text.chars().take(i).map(|c| c.len_utf16() as u32).sum()
}

/// The char index at UTF-16 offset `at`.
fn chars_at(text: &str, at: u32) -> usize {
    let mut units = 0;
    text.chars()
        .take_while(|c| {
            let before = units;
            units += c.len_utf16() as u32;
            before < at
        })
        .count()
}

fn splice(text: &str, from: usize, to: usize, with: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: String = chars[..from].iter().collect();
    out.push_str(with);
    out.extend(&chars[to..]);
    out
}

fn count(hay: &str, needle: &str) -> usize {
    let (h, n): (Vec<char>, Vec<char>) = (hay.chars().collect(), needle.chars().collect());
    if n.is_empty() || n.len() > h.len() {
        return 0;
    }
    (0..=h.len() - n.len())
        .filter(|&p| h[p..p + n.len()] == n[..])
        .count()
}

/// A text, an anchor in it (char range), and a point for edits: (text, start, end).
fn anchored() -> impl Strategy<Value = (String, usize, usize)> {
    text(40)
        .prop_filter("room for an anchor", |t| t.chars().count() >= 2)
        .prop_flat_map(|t| {
            let n = t.chars().count();
            (Just(t), 0..n).prop_flat_map(move |(t, s)| (Just(t), Just(s), (s + 1)..=n))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Edits that leave the anchor's words alone, one save at a time: the words stay under
    /// the anchor, and where they occur once, the anchor is exactly where they went.
    #[test]
    fn edits_beside_the_anchor_never_lose_or_move_its_words(
        (start_text, s, e) in anchored(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, text(6), any::<bool>()), 1..8),
    ) {
        let mut text = start_text.clone();
        let mut anchor = Anchor::new(&text, units(&text, s), units(&text, e)).unwrap();
        let quote = anchor.quote.clone();
        let (mut s, mut e) = (s, e);
        for (at, len, insert, before) in edits {
            let n = text.chars().count();
            // An edit wholly before the anchor's first char or after its last.
            let (from, to) = if before {
                let from = at.index(s + 1);
                (from, (from + len).min(s))
            } else {
                let from = e + at.index(n - e + 1);
                (from, (from + len).min(n))
            };
            let new = splice(&text, from, to, &insert);
            let shift = insert.chars().count() as isize - (to - from) as isize;
            if before {
                s = (s as isize + shift) as usize;
                e = (e as isize + shift) as usize;
            }
            let was = anchor.clone();
            anchor = anchor.map(&text, &new);
            prop_assert!(!anchor.deleted, "lost {:?} from {:?} in {:?} -> {:?}", quote, was, text, new);
            text = new;
            prop_assert_eq!(&anchor.quote, &quote);
            prop_assert_eq!(slice_utf16(&text, anchor.start, anchor.end), quote.clone());
            if count(&text, &quote) == 1 {
                prop_assert_eq!((anchor.start, anchor.end), (units(&text, s), units(&text, e)));
            }
            // Where the same words occur more than once, the anchor may sit on another copy
            // (the diff cannot tell them apart): the next edit is beside the copy it is on.
            s = chars_at(&text, anchor.start);
            e = chars_at(&text, anchor.end);
        }
    }

    /// Any edits at all: while the anchor is on the text, its quote is the text under it and
    /// its range fits the text; once its words are deleted it keeps the quote it had.
    #[test]
    fn any_edit_keeps_the_quote_true_to_the_text(
        (start_text, s, e) in anchored(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..10, text(6)), 1..10),
    ) {
        let mut text = start_text;
        let mut anchor = Anchor::new(&text, units(&text, s), units(&text, e)).unwrap();
        for (at, len, insert) in edits {
            let n = text.chars().count();
            let from = at.index(n + 1);
            let new = splice(&text, from, (from + len).min(n), &insert);
            let before = anchor.clone();
            anchor = anchor.map(&text, &new);
            text = new;
            if anchor.deleted {
                prop_assert_eq!(&anchor.quote, &before.quote);
            } else {
                prop_assert!(anchor.start < anchor.end && anchor.end <= utf16_len(&text));
                prop_assert_eq!(slice_utf16(&text, anchor.start, anchor.end), anchor.quote.clone());
            }
        }
    }

    /// Deleting every word of the anchor puts it on deleted text (unless the same words are
    /// still elsewhere and the edit could as well have kept them), with the words it had.
    #[test]
    fn deleting_the_words_puts_the_anchor_on_deleted_text(
        (text, s, e) in anchored(),
        extra_before in 0usize..3,
        extra_after in 0usize..3,
    ) {
        let anchor = Anchor::new(&text, units(&text, s), units(&text, e)).unwrap();
        let n = text.chars().count();
        let new = splice(&text, s.saturating_sub(extra_before), (e + extra_after).min(n), "");
        let mapped = anchor.map(&text, &new);
        if count(&new, &anchor.quote) == 0 {
            prop_assert!(mapped.deleted);
            prop_assert_eq!(mapped.quote, anchor.quote);
        }
    }
}

#[test]
fn a_quote_with_emoji_follows_an_edit_in_utf16_units() {
    let old = "😀 The primitive here is café-grade.";
    // UTF-16: the emoji is 2 units, so "The" starts at 3.
    let a = Anchor::new(old, 3, 16).unwrap();
    assert_eq!(a.quote, "The primitive");
    let new = "😀😀 Note: The primitive here is café-grade.";
    let m = a.map(old, new);
    assert_eq!((m.start, m.end), (11, 24));
    assert_eq!(slice_utf16(new, m.start, m.end), "The primitive");
}
