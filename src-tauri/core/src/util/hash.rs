//! The one content hash: SHA-256 over length-prefixed parts, as hex.

use sha2::{Digest, Sha256};

/// SHA-256 over length-prefixed parts, as hex (so `["ab", "c"]` and `["a", "bc"]` differ).
pub fn hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    format!("{:x}", h.finalize())
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn parts_are_length_prefixed() {
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        assert_eq!(hash(&[b"x"]), hash(&[b"x"]));
    }
}
