//! Runs one contestant's workload in a loop, for `perf record` or callgrind:
//! `cargo build --release -p tls-benches --example handshake_profile`, then
//! `perf record -g target/release/examples/handshake_profile WORKLOAD [ROUNDS]`, where WORKLOAD
//! is `full13`, `full12`, `resume13`, `pskke`, `resume12`, `ticket12`, `bulk-inplace` or
//! `bulk-buffered` (ours), or the same with `rustls-` or (handshakes) `floor-` before it; or
//! `codec-certificate` (ours: decode and encode a 3-certificate TLS 1.3 Certificate).
#![forbid(unsafe_code)]

use tls_benches::compare::floor::Floor;
use tls_benches::compare::ours::{self, Ours};
use tls_benches::compare::theirs::{self, Theirs};
use tls_benches::compare::{Fixture, KeyKind, Scenario};

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "full13".to_owned());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    if workload == "codec-certificate" {
        let bytes = tls_benches::codec_messages::three_certificate_message();
        let mut out = Vec::with_capacity(bytes.len());
        for _ in 0..rounds {
            out.clear();
            tls_wire::handshake::HandshakeMessage::decode(
                std::hint::black_box(&bytes),
                tls_wire::handshake::NegotiatedVersion::Tls13,
            )
            .expect("decodes")
            .encode(&mut out);
        }
        return;
    }
    let fixture = Fixture::new(KeyKind::EcdsaP256).expect("chain");
    let (rustls, name) = match workload.strip_prefix("rustls-") {
        Some(name) => (true, name),
        None => (false, workload.as_str()),
    };
    let (floor, name) = match name.strip_prefix("floor-") {
        Some(name) => (true, name),
        None => (false, name),
    };
    let scenario = Scenario::named(name).unwrap_or_else(|| panic!("unknown workload {name}"));
    const LEN: usize = 1024 * 1024;
    let data = vec![0x5a; LEN];
    let mut out = vec![0; 64 * 1024];
    if floor {
        let ours = Ours::new(&fixture, scenario);
        let mut floor = Floor::sized_by(&ours, &fixture, scenario);
        for _ in 0..rounds {
            floor.handshake();
        }
        return;
    }
    if rustls {
        let theirs = Theirs::new(&fixture, scenario).expect("rustls can");
        if name.starts_with("bulk") {
            let (mut client, mut server, _) = theirs.handshake();
            let mut wire = Vec::new();
            for _ in 0..rounds {
                theirs::bulk_buffered(&mut client, &mut server, &data, &mut out, &mut wire);
            }
        } else {
            for _ in 0..rounds {
                drop(theirs.handshake());
            }
        }
        return;
    }
    let ours = Ours::new(&fixture, scenario);
    match name {
        "bulk-inplace" => {
            let (mut client, mut server, _) = ours.handshake();
            for _ in 0..rounds {
                ours::bulk_in_place(&mut client, &mut server, LEN);
            }
        }
        "bulk-buffered" => {
            let (mut client, mut server, _) = ours.handshake();
            for _ in 0..rounds {
                ours::bulk_buffered(&mut client, &mut server, &data, &mut out);
            }
        }
        _ => {
            for _ in 0..rounds {
                drop(ours.handshake());
            }
        }
    }
}
