//! cargo-fuzz target: one input as a DER certificate through `Certificate::from_der`, every
//! accessor and `TrustAnchor::from_der`. The logic lives in `../harness.rs`, shared with the
//! stable replay test `tests/fuzz_corpus.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::parse_certificate(data);
});
