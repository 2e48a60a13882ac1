//! Criterion benchmarks live in `benches/benches/`; run them with `cargo bench -p tls-benches`
//! or `cargo xtask bench`.
#![forbid(unsafe_code)]
