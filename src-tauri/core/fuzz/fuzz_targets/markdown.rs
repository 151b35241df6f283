//! Markdown through the sanitising renderer: never a panic, and never anything that can run
//! script in the output (a `<script` element, an `on…=` handler, a `javascript:` URL).
#![no_main]

mod html_check;

use libfuzzer_sys::fuzz_target;
use verdict_core::render::markdown::{quote_html, to_plain_text, to_safe_html, with_quote_marks};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = to_safe_html(&text);
    let found = html_check::script_vectors(&html, 0);
    assert!(
        found.is_empty(),
        "unsafe output {found:?}\n--- markdown ---\n{text}\n--- html ---\n{html}"
    );
    // The quote form wraps the same sanitised HTML; the wrapping must not open a hole either.
    let quoted = quote_html(&text);
    let found = html_check::script_vectors(&quoted, 0);
    assert!(found.is_empty(), "unsafe quote {found:?}: {quoted}");
    assert_eq!(quoted, with_quote_marks(&html));
    let _ = to_plain_text(&text);
});
