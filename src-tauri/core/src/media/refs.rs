//! References to the desk's images in Markdown: `media:HASH` (`![alt](media:HASH)`), the
//! only form a field holds (never a local path).

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

/// Whether `text` refers to the image `hash`.
pub fn mentions(text: &str, hash: &str) -> bool {
    text.contains(hash) && references(text).iter().any(|h| h == hash)
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
