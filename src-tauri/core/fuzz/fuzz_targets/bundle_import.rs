//! Arbitrary bytes as a bundle file: parse, then import into a fresh in-memory store, the way
//! `Desk::import_file` does. Refusals are fine; a panic is not. When an import lands, the
//! documented guarantees are checked too: export → import → export is byte-identical, a second
//! import of the export changes nothing, and every page renders with no script but its JSON-LD.
#![no_main]

mod html_check;

use libfuzzer_sys::fuzz_target;
use verdict_core::render::render_saved;
use verdict_core::store::SaveCtx;
use verdict_core::{Bundle, Store};

fuzz_target!(|data: &[u8]| {
    let Ok(bundle) = Bundle::parse(data) else {
        return;
    };
    let _ = bundle.check();
    let mut store = Store::open_in_memory().expect("in-memory store opens");
    if store.import_bundle(&SaveCtx::import(), &bundle).is_err() {
        // A refused import changes nothing.
        assert!(
            store.is_empty().unwrap(),
            "a refused import left content behind"
        );
        return;
    }
    let first = store.export_bundle().expect("export").to_json();
    let parsed = Bundle::parse(first.as_bytes()).expect("an export parses");
    let mut again = Store::open_in_memory().expect("in-memory store opens");
    again.import_bundle(&SaveCtx::import(), &parsed).expect("an export imports");
    let second = again.export_bundle().expect("export").to_json();
    assert_eq!(
        first, second,
        "export → import → export is not byte-identical"
    );
    let report = store.import_bundle(&SaveCtx::import(), &parsed).expect("re-import");
    assert_eq!(
        report.created + report.updated,
        0,
        "re-import changed {report}"
    );
    for c in store.comparisons().expect("comparisons") {
        for format in ["html", "md", "json"] {
            match render_saved(&store, &c.slug, format) {
                Ok(out) if format == "html" => {
                    let found = html_check::script_vectors(&out, 1);
                    assert!(found.is_empty(), "page {} is unsafe: {found:?}", c.slug);
                }
                Ok(_) | Err(_) => {}
            }
        }
    }
});
