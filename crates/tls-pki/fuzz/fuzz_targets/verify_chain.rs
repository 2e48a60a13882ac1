//! cargo-fuzz target: a framed list of certificates (anchor, end-entity, intermediates) through
//! `TrustAnchors::verify_server` and `verify_client` at fixed times. The logic lives in
//! `../harness.rs`, shared with the stable replay test `tests/fuzz_corpus.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::verify_chain(data);
});
