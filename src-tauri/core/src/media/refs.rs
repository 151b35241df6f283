//! References to the desk's images in Markdown: `media:HASH` (`![alt](media:HASH)`), the
//! only form a field holds (never a local path), and the walk that finds every reference in a
//! stored document (a logo or a screenshot names the hash alone).

/// The scheme of a reference.
pub const SCHEME: &str = "media:";

/// Every image hash `text` refers to, in order, each once.
pub fn references(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(SCHEME) {
        let tail = &rest[at + SCHEME.len()..];
        let hex: String = tail
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .take(65)
            .collect();
        // Exactly 64 hex digits (lowercase, as hashes are written), not part of a longer run.
        if hex.len() == 64 && hex.bytes().all(|b| !b.is_ascii_uppercase()) && !found.contains(&hex)
        {
            found.push(hex);
        }
        rest = tail;
    }
    found
}

use serde_json::Value;

/// Whether `text` refers to the image `hash`.
pub fn mentions(text: &str, hash: &str) -> bool {
    text.contains(hash) && references(text).iter().any(|h| h == hash)
}

/// Every image hash a string of a stored document refers to: the whole string when it is a
/// hash (a logo, a screenshot's `media`), and each `media:HASH` written in it.
pub(crate) fn hashes_in(text: &str) -> Vec<String> {
    if is_hash(text) {
        return vec![text.to_string()];
    }
    references(text)
}

fn is_hash(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Calls `found(field, hash)` for every image reference in a document, `field` being the
/// top-level field that holds it. Walking the serialised document rather than named fields
/// means a field that holds images later (a logo, screenshots) is covered as soon as it exists.
pub(crate) fn each_reference(doc: &Value, found: &mut impl FnMut(&str, &str)) {
    fn walk(field: &str, value: &Value, found: &mut impl FnMut(&str, &str)) {
        match value {
            Value::String(s) => {
                for hash in hashes_in(s) {
                    found(field, &hash);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(field, v, found)),
            Value::Object(map) => map.values().for_each(|v| walk(field, v, found)),
            _ => {}
        }
    }
    if let Value::Object(map) = doc {
        for (field, value) in map {
            walk(field, value, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_hashes_only() {
        let h = "a".repeat(64);
        let text = format!(
            "![logo](media:{h}) and media:{h} again, media:{} and media:abc",
            "b".repeat(65)
        );
        assert_eq!(references(&text), vec![h.clone()]);
        assert!(mentions(&text, &h));
        assert!(!mentions("media:", &h));
        assert!(!mentions(&format!("media:{}", h.to_uppercase()), &h));
    }
}
