//! Fuzzes the vote form's parser: any bytes are refused with a named field or give a tool
//! slug; never a panic, never a tool that is not a slug, and a taken form reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The service's parser itself, compiled alone (see Cargo.toml).
#[path = "../../src/form.rs"]
#[allow(dead_code)]
mod form;

use form::{is_slug, parse, FORM_LIMIT};

fuzz_target!(|body: &[u8]| {
    match parse(body) {
        Ok(form) => {
            assert!(body.len() <= FORM_LIMIT);
            assert!(is_slug(&form.tool), "{:?}", form.tool);
            let again = parse(format!("tool={}", form.tool).as_bytes()).expect("its own form");
            assert_eq!(again, form);
        }
        Err(e) => assert!(!e.field.is_empty() && !e.message.is_empty()),
    }
});
