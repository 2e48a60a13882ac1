//! Where a full TLS 1.3 handshake pair allocates: dhat, ten pairs after setup and one warm-up,
//! written to /tmp/dhat-sites.json (`cargo run --release -p tls-benches --example alloc_sites`).
#![forbid(unsafe_code)]
use tls_benches::compare::ours::Ours;
use tls_benches::compare::{Fixture, KeyKind, Scenario, Version};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() {
    let fixture = Fixture::new(KeyKind::EcdsaP256).expect("chain");
    let ours = Ours::new(&fixture, Scenario::full(Version::Tls13, KeyKind::EcdsaP256));
    drop(ours.handshake());
    let _profiler = dhat::Profiler::builder()
        .file_name("/tmp/dhat-sites.json")
        .build();
    for _ in 0..10 {
        drop(ours.handshake());
    }
}
