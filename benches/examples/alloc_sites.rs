//! Where a handshake pair allocates: dhat, ten pairs after setup and one warm-up, written to
//! /tmp/dhat-sites.json (`cargo run --release -p tls-benches --example alloc_sites [WORKLOAD]`,
//! a workload of `Scenario::named`; a full TLS 1.3 handshake by default).
#![forbid(unsafe_code)]
use tls_benches::compare::ours::Ours;
use tls_benches::compare::{Fixture, KeyKind, Scenario};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() {
    let fixture = Fixture::new(KeyKind::EcdsaP256).expect("chain");
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "full13".to_owned());
    let scenario = Scenario::named(&name).unwrap_or_else(|| panic!("unknown workload {name}"));
    let ours = Ours::new(&fixture, scenario);
    drop(ours.handshake());
    let _profiler = dhat::Profiler::builder()
        .file_name("/tmp/dhat-sites.json")
        .build();
    for _ in 0..10 {
        drop(ours.handshake());
    }
}
