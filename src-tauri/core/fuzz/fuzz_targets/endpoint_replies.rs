//! Untrusted publishing-endpoint replies: the HTTP page API's four reply kinds, WordPress post
//! lists, and the `<body>` extraction WordPress posts use. Errors are fine; a panic is not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verdict_core::publish::http::{read_reply, Reply};
use verdict_core::publish::wordpress::{body_of, read_posts_reply};

fuzz_target!(|data: &[u8]| {
    for kind in [
        Reply::Page,
        Reply::Precondition,
        Reply::Votes,
        Reply::Service,
    ] {
        if let Ok(Some(copy)) = read_reply(kind, data) {
            // What a conflict shows must serialise (it goes to the UI and the CLI as JSON).
            serde_json::to_string(&copy.fields).expect("remote copy serialises");
        }
    }
    if let Ok(copies) = read_posts_reply(data) {
        for copy in copies {
            serde_json::to_string(&copy.fields).expect("remote copy serialises");
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let body = body_of(text);
        // The body is a piece of the page, never text that was not there.
        let start = body.as_ptr() as usize - text.as_ptr() as usize;
        assert!(start + body.len() <= text.len());
    }
});
