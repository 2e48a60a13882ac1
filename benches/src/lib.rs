//! Criterion benchmarks live in `benches/benches/`; run them with `cargo bench -p tls-benches`
//! or `cargo xtask bench`. This library holds the fixtures and workloads they share.
#![forbid(unsafe_code)]

pub mod codec_messages;
pub mod compare;
pub mod pki_chains;
pub mod report;
