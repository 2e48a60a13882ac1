//! cargo-fuzz target: a received byte stream through the deframer, the handshake joiner and
//! every decoder, asserting the round trip whenever decoding succeeds. The logic lives in
//! `../harness.rs`, shared with the stable replay test `tests/fuzz_corpus.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::deframe_join_decode(data);
});
