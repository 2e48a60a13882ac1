//! cargo-fuzz target: a client or a server state machine fed fuzzed flights of handshake
//! messages, from recorded real flights. The logic lives in `../harness.rs`, shared with the
//! stable replay test `tests/fuzz_corpus.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::drive(data);
});
