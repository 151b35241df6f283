//! Any bytes through the image intake: never a panic, and whatever is taken comes out clean:
//! named by the SHA-256 of its kept original, with no EXIF left in a raster file, no script,
//! handler, foreignObject or outside reference in an SVG, and variants that the original
//! alone makes again byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verdict_core::media::{derive_variants, intake, sha256_hex, OriginalKind};

fuzz_target!(|data: &[u8]| {
    let Ok(taken) = intake("fuzz", data) else {
        return;
    };
    assert_eq!(taken.hash, sha256_hex(&taken.original));
    assert!(taken.width > 0 && taken.height > 0);
    assert!(taken.width.max(taken.height) <= 4096 || taken.kind == OriginalKind::Svg);
    assert!(!taken.variants.is_empty());
    match taken.kind {
        OriginalKind::Svg => {
            let text = std::str::from_utf8(&taken.original).expect("a clean SVG is UTF-8");
            let lower = text.to_ascii_lowercase();
            for bad in ["<script", "foreignobject", "<!entity", "<!doctype", "data:"] {
                assert!(!lower.contains(bad), "clean SVG holds {bad:?}:\n{text}");
            }
            for (at, _) in lower.match_indices("href=\"") {
                assert!(lower[at + 6..].starts_with('#'), "outside reference:\n{text}");
            }
            for (at, _) in lower.match_indices("url(") {
                assert!(lower[at + 4..].starts_with('#'), "outside url():\n{text}");
            }
            for (at, _) in lower.match_indices(" on") {
                let name: String = lower[at + 1..].chars().take_while(char::is_ascii_alphabetic).collect();
                assert!(!lower[at + 1 + name.len()..].starts_with('='), "handler {name}:\n{text}");
            }
        }
        OriginalKind::Jpeg | OriginalKind::Png => {
            assert!(!taken.original.windows(6).any(|w| w == b"Exif\0\0"), "EXIF kept");
        }
    }
    let again = derive_variants(taken.kind, &taken.original).expect("the original is taken again");
    assert_eq!(again.len(), taken.variants.len());
    for (a, b) in again.iter().zip(&taken.variants) {
        assert!(a.bytes == b.bytes, "variant {} is not deterministic", a.name);
    }
});
