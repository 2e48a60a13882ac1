//! Criterion benchmarks live in `benches/benches/`; run them with `cargo bench -p tls-benches`
//! or `cargo xtask bench`. This library holds the fixtures they share.
#![forbid(unsafe_code)]

pub mod pki_chains;
