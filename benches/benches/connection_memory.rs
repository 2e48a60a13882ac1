//! Heap per connected pair, and allocations per handshake pair, counted with dhat, for ours and
//! for rustls side by side: a client and a server in memory, in one thread (ECDSA P-256 leaf and
//! intermediate under a trusted root, X25519, AES-128-GCM), each connection boxed so that its
//! own size counts too. The configs of both stacks come from the shared workloads
//! (`tls_benches::compare`), on the same certificates, and are built before a pair is measured:
//! what a config holds is not a pair's, except what a pair adds to it (a session it stores).
//!
//! Scenarios: a full handshake over TLS 1.3 (TLS_AES_128_GCM_SHA256) and over TLS 1.2
//! (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), neither with tickets nor session cache; and a
//! TLS 1.3 stateless ticket (psk_dhe_ke) and a TLS 1.2 ticket (RFC 5077) resumed. Resumed
//! pairs share one client config, which the workload primed with a session, so every measured
//! pair resumes; its server sends one ticket per handshake, which the client keeps for the next
//! pair, and which counts.
//!
//! Three figures, per pair (the mean of 20 pairs, after one warm-up pair whose lazily built
//! state, ring's CPU feature detection among it, is no pair's):
//! - the heap the pair holds once the handshake is done (both sides idle, every byte delivered);
//! - the heap it holds after 16 KiB each way, once both sides have read everything;
//! - the heap allocations the handshake made, both sides together. rustls' count includes one
//!   allocation of the workload's in-memory wire (freed before the handshake returns), which
//!   ours has no need of.
//!
//! Targets for ours: ≤ 10 kB per pair after the handshake, ≤ 40 kB after traffic once idle,
//! ≤ 60 allocations per full handshake pair. Not a criterion bench: a counting global allocator
//! would distort timings. `cargo bench -p tls-benches --bench connection_memory`; with `--test`
//! (as `cargo bench -- --test` passes) 2 pairs a scenario, with `--quick` 5. With
//! `TLS_BENCH_JSON` set, the rows are written there too; with `DHAT_JSON` set, dhat's profile
//! is written to `/tmp/dhat-heap.json`.
#![forbid(unsafe_code)]

use std::io::{Read, Write};

use rustls::ConnectionCommon;
use tls_benches::compare::ours::{self, Ours};
use tls_benches::compare::theirs::Theirs;
use tls_benches::compare::{Fixture, KeyKind, Resumption, Scenario, Version};
use tls_benches::report::{self, Row, Unit};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Bytes sent each way after the handshake.
const ECHO: usize = 16 * 1024;

/// What is sent each way; static, so that it is on no heap the figures count.
static DATA: [u8; ECHO] = [0x5a; ECHO];

/// One pair's figures, or the sum of several.
#[derive(Clone, Copy, Default)]
struct Figures {
    after_handshake: f64,
    after_echo: f64,
    handshake_allocations: f64,
}

impl Figures {
    /// The figures between `start` and the two later snapshots. Signed: a pair may free what
    /// was there before it (a session its client took from the store).
    fn between(
        start: &dhat::HeapStats,
        handshaken: &dhat::HeapStats,
        echoed: &dhat::HeapStats,
    ) -> Self {
        let start_bytes = start.curr_bytes as f64;
        Self {
            after_handshake: handshaken.curr_bytes as f64 - start_bytes,
            after_echo: echoed.curr_bytes as f64 - start_bytes,
            handshake_allocations: (handshaken.total_blocks - start.total_blocks) as f64,
        }
    }

    fn add(&mut self, other: Self) {
        self.after_handshake += other.after_handshake;
        self.after_echo += other.after_echo;
        self.handshake_allocations += other.handshake_allocations;
    }

    fn divided(self, pairs: usize) -> Self {
        let pairs = pairs as f64;
        Self {
            after_handshake: self.after_handshake / pairs,
            after_echo: self.after_echo / pairs,
            handshake_allocations: self.handshake_allocations / pairs,
        }
    }
}

/// One pair of ours: handshake, then `ECHO` bytes each way.
fn ours_pair(ours: &Ours) -> Figures {
    let mut out = [0u8; 4096];
    let start = dhat::HeapStats::get();
    let (client, server, _) = ours.handshake();
    let (mut client, mut server) = (Box::new(client), Box::new(server));
    let handshaken = dhat::HeapStats::get();

    let read = ours::bulk_buffered(&mut client, &mut server, &DATA, &mut out);
    assert_eq!(read, ECHO, "the server read all the client sent");
    let read = ours::bulk_buffered(&mut server, &mut client, &DATA, &mut out);
    assert_eq!(read, ECHO, "the client read all the server sent");
    assert!(
        client.pending_output().is_empty() && server.pending_output().is_empty(),
        "both sides idle"
    );
    let echoed = dhat::HeapStats::get();
    Figures::between(&start, &handshaken, &echoed)
}

/// One pair of rustls': handshake, then `ECHO` bytes each way.
fn rustls_pair(theirs: &Theirs) -> Figures {
    let start = dhat::HeapStats::get();
    let (client, server, _) = theirs.handshake();
    let (mut client, mut server) = (Box::new(client), Box::new(server));
    let handshaken = dhat::HeapStats::get();

    rustls_send(&mut client, &mut server);
    rustls_send(&mut server, &mut client);
    assert!(
        !client.wants_write() && !server.wants_write(),
        "both sides idle"
    );
    let echoed = dhat::HeapStats::get();
    Figures::between(&start, &handshaken, &echoed)
}

/// Sends `DATA` from `from` to `to` through rustls' buffered API; `to` reads all of it. The
/// wire is freed before returning, so that only the connections' own buffers stay counted.
fn rustls_send<A, B>(from: &mut ConnectionCommon<A>, to: &mut ConnectionCommon<B>) {
    let mut out = [0u8; 4096];
    let mut wire = Vec::new();
    from.writer().write_all(&DATA).expect("write");
    while from.wants_write() {
        from.write_tls(&mut wire).expect("write_tls");
    }
    let mut rest = &wire[..];
    let mut read = 0;
    while !rest.is_empty() {
        to.read_tls(&mut rest).expect("read_tls");
        to.process_new_packets().expect("process");
        // Read as it comes: rustls refuses more records once its plaintext buffer is full.
        loop {
            match to.reader().read(&mut out) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(error) => panic!("read: {error}"),
            }
        }
    }
    assert_eq!(read, ECHO, "the receiver read all that was sent");
}

/// The mean of `pairs` pairs made by `pair`, after one warm-up pair.
fn mean(pairs: usize, mut pair: impl FnMut() -> Figures) -> Figures {
    pair();
    let mut total = Figures::default();
    for _ in 0..pairs {
        total.add(pair());
    }
    total.divided(pairs)
}

/// How rows name a scenario.
fn label(scenario: Scenario) -> String {
    let base = format!("{} {}", scenario.version.label(), scenario.key.label());
    match scenario.resumption {
        Resumption::None => format!("{base} full"),
        resumption => format!("{base} resumed ({})", resumption.label()),
    }
}

/// Pairs per scenario: fewer when cargo runs the bench as a test, or when asked to be quick.
fn pairs() -> usize {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--test") {
        2
    } else if args.iter().any(|arg| arg == "--quick") {
        5
    } else {
        20
    }
}

fn main() {
    let _profiler = if std::env::var_os("DHAT_JSON").is_some() {
        dhat::Profiler::builder()
            .file_name("/tmp/dhat-heap.json")
            .build()
    } else {
        dhat::Profiler::builder().testing().build()
    };
    let pairs = pairs();
    let fixture = Fixture::new(KeyKind::EcdsaP256).expect("the fixture's chain");
    let mut rows = Vec::new();
    for scenario in [
        Scenario::full(Version::Tls13, KeyKind::EcdsaP256),
        Scenario::full(Version::Tls12, KeyKind::EcdsaP256),
        Scenario::resumed(Resumption::Tls13Stateless),
        Scenario::resumed(Resumption::Tls12Ticket),
    ] {
        let ours = Ours::new(&fixture, scenario);
        let theirs = Theirs::new(&fixture, scenario).expect("rustls has every scenario here");
        let ours = mean(pairs, || ours_pair(&ours));
        let rustls = mean(pairs, || rustls_pair(&theirs));
        let label = label(scenario);
        for (metric, unit, ours, rustls) in [
            (
                "heap after handshake",
                Unit::Bytes,
                ours.after_handshake,
                rustls.after_handshake,
            ),
            (
                "heap after 16 KiB each way",
                Unit::Bytes,
                ours.after_echo,
                rustls.after_echo,
            ),
            (
                "allocations per handshake",
                Unit::Allocations,
                ours.handshake_allocations,
                rustls.handshake_allocations,
            ),
        ] {
            rows.push(Row {
                group: "memory",
                workload: format!("{label}, {metric}"),
                unit,
                ours,
                rustls: Some(rustls),
                floor: None,
                note: None,
            });
        }
    }
    println!("memory per connected pair (mean of {pairs} pairs)");
    report::print_table(&rows);
    println!(
        "targets for ours: heap ≤ 10000 bytes after the handshake, ≤ 40000 after traffic; \
         ≤ 60 allocations per full handshake pair"
    );
    report::write_json_if_asked(&rows).expect("the rows are written to TLS_BENCH_JSON");
}
