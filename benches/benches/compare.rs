//! `cargo xtask bench`'s comparison: every workload for ours, rustls (or rustls-webpki) and the
//! crypto floor, in one process, interleaved, so that a shared machine's drift hits all three
//! alike: each round runs every contestant once (a batch of iterations), the order reversed
//! every other round, and each figure is the median of the rounds (at least 13).
//!
//! Workloads (`tls_benches::compare`): full handshakes (TLS 1.3 and 1.2, ECDSA P-256 and
//! RSA-2048; server side, client side and the pair, a side's time being the time spent in its
//! own calls); resumed handshakes (TLS 1.3 stateless and stateful tickets with psk_dhe_ke,
//! TLS 1.3 psk_ke, TLS 1.2 session id and ticket); bulk (1 MiB one way over AES-128-GCM,
//! AES-256-GCM and ChaCha20-Poly1305, through the in-place and the buffered API); the codec (a
//! browser ClientHello and a 3-certificate Certificate decoded and re-encoded); path validation
//! of a 3-certificate chain against rustls-webpki. Memory is counted apart, by the
//! `connection_memory` bench (a counting allocator would distort these timings). rustls' codec
//! is reached through its doc-hidden `internal` module, which exposes its typed handshake
//! message: a like-for-like decode and encode.
//!
//! Arguments: `--quick` (shorter rounds, under 3 minutes on 2 cores), `--test` (one short round
//! of each, to prove the workloads run; what `cargo bench -- --test` passes), and a filter: only
//! workloads whose name contains it. Rows are printed as one table and, if `TLS_BENCH_JSON`
//! names a file, written there as JSON; `TLS_BENCH_MERGE` names the memory bench's JSON file,
//! whose rows join the table (`cargo xtask bench` runs both).
#![forbid(unsafe_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use rustls_pki_types::{CertificateDer, ServerName as WebpkiName, UnixTime as WebpkiTime};
use tls_benches::codec_messages::{chrome_client_hello, three_certificate_message};
use tls_benches::compare::floor::{Floor, bulk_key};
use tls_benches::compare::ours::{self, Ours};
use tls_benches::compare::theirs::{self, Theirs};
use tls_benches::compare::{
    Bulk, Fixture, KeyKind, Resumption, SERVER_NAME, Scenario, SideTimes, Version,
};
use tls_benches::report::{Row, Unit, print_table, write_json_if_asked};
use tls_wire::handshake::{HandshakeMessage, NegotiatedVersion};

/// How long to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// One round of one iteration each: the workloads run, nothing is measured.
    Test,
    /// 13 rounds of about 20 ms per contestant.
    Quick,
    /// 21 rounds of about 100 ms per contestant.
    Full,
}

impl Mode {
    fn rounds(self) -> usize {
        match self {
            Self::Test => 1,
            Self::Quick => 13,
            Self::Full => 21,
        }
    }

    fn round_time(self) -> Duration {
        match self {
            Self::Test => Duration::ZERO,
            Self::Quick => Duration::from_millis(20),
            Self::Full => Duration::from_millis(100),
        }
    }
}

/// One contestant's iteration: what it did, timed per side.
type Iteration<'a> = Box<dyn FnMut() -> SideTimes + 'a>;

/// Medians over the rounds of the time per iteration.
#[derive(Clone, Copy, Debug)]
struct Medians {
    client: Duration,
    server: Duration,
    pair: Duration,
}

/// Runs the contestants (`None`: absent) in interleaved rounds and returns each one's medians.
fn measure(mode: Mode, contestants: &mut [Option<Iteration<'_>>]) -> Vec<Option<Medians>> {
    // Calibrate: iterations per round so that a round takes about `round_time`.
    let iterations: Vec<u32> = contestants
        .iter_mut()
        .map(|contestant| {
            let Some(run) = contestant else { return 0 };
            let start = Instant::now();
            run();
            let once = start.elapsed().max(Duration::from_nanos(100));
            let wanted = mode.round_time().as_nanos() / once.as_nanos();
            u32::try_from(wanted)
                .unwrap_or(u32::MAX)
                .clamp(1, 1_000_000)
        })
        .collect();
    let mut samples: Vec<Vec<SideTimes>> = vec![Vec::new(); contestants.len()];
    for round in 0..mode.rounds() {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..contestants.len()).collect()
        } else {
            (0..contestants.len()).rev().collect()
        };
        for index in order {
            let Some(run) = &mut contestants[index] else {
                continue;
            };
            let mut total = SideTimes::default();
            for _ in 0..iterations[index] {
                total.add(run());
            }
            let n = iterations[index];
            samples[index].push(SideTimes {
                client: total.client / n,
                server: total.server / n,
            });
        }
    }
    samples
        .into_iter()
        .map(|rounds| {
            (!rounds.is_empty()).then(|| Medians {
                client: median(rounds.iter().map(|t| t.client)),
                server: median(rounds.iter().map(|t| t.server)),
                pair: median(rounds.iter().map(SideTimes::pair)),
            })
        })
        .collect()
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn per_sec(time: Duration) -> f64 {
    1.0 / time.as_secs_f64().max(1e-12)
}

/// What the command line asked for.
struct Args {
    mode: Mode,
    filter: Option<String>,
}

impl Args {
    fn parse() -> Self {
        let mut mode = Mode::Full;
        let mut filter = None;
        for arg in std::env::args().skip(1) {
            match arg.as_str() {
                "--test" => mode = Mode::Test,
                "--quick" => mode = Mode::Quick,
                // cargo bench passes `--bench`; criterion's other flags mean nothing here.
                flag if flag.starts_with('-') => {}
                name => filter = Some(name.to_owned()),
            }
        }
        Self { mode, filter }
    }

    fn wants(&self, group: &str, workload: &str) -> bool {
        self.filter.as_deref().is_none_or(|filter| {
            format!("{group}: {workload}")
                .to_lowercase()
                .contains(&filter.to_lowercase())
        })
    }
}

fn main() {
    let args = Args::parse();
    let ecdsa = Fixture::new(KeyKind::EcdsaP256).expect("ECDSA chain");
    let rsa = Fixture::new(KeyKind::Rsa2048).expect("RSA chain");
    let mut rows = Vec::new();
    for version in [Version::Tls13, Version::Tls12] {
        for fixture in [&ecdsa, &rsa] {
            handshakes(
                &args,
                fixture,
                Scenario::full(version, fixture.key),
                &mut rows,
            );
        }
    }
    for resumption in Resumption::RESUMED {
        handshakes(&args, &ecdsa, Scenario::resumed(resumption), &mut rows);
    }
    for bulk in Bulk::ALL {
        bulk_rows(&args, &ecdsa, bulk, &mut rows);
    }
    codec_rows(&args, &mut rows);
    for fixture in [&ecdsa, &rsa] {
        path_validation_rows(&args, fixture, &mut rows);
    }
    // The memory rows, counted by the connection_memory bench, join this table.
    if let Some(path) = std::env::var_os("TLS_BENCH_MERGE") {
        let memory = tls_benches::report::read_json(std::path::Path::new(&path))
            .unwrap_or_else(|error| panic!("TLS_BENCH_MERGE: {error}"));
        let at = rows
            .iter()
            .position(|row| row.group == "codec")
            .unwrap_or(rows.len());
        rows.splice(at..at, memory);
    }
    println!(
        "{} rounds per workload, each contestant's order reversed every other round; medians",
        args.mode.rounds()
    );
    print_table(&rows);
    write_json_if_asked(&rows).expect("the JSON file is written");
}

/// Full or resumed handshakes of `scenario`: server, client and pair rows.
fn handshakes(args: &Args, fixture: &Fixture, scenario: Scenario, rows: &mut Vec<Row>) {
    let (group, name) = match scenario.resumption {
        Resumption::None => (
            "full handshake",
            format!("{} {}", scenario.version.label(), scenario.key.label()),
        ),
        resumption => ("resumption", resumption.label().to_owned()),
    };
    if !args.wants(group, &name) {
        return;
    }
    let ours = Ours::new(fixture, scenario);
    let theirs = Theirs::new(fixture, scenario);
    let mut floor = Floor::sized_by(&ours, fixture, scenario);
    let mut contestants: Vec<Option<Iteration<'_>>> = vec![
        Some(Box::new(|| {
            let (client, server, mut times) = ours.handshake();
            times.client(|| drop(client));
            times.server(|| drop(server));
            times
        })),
        theirs.as_ref().map(|theirs| {
            Box::new(move || {
                let (client, server, mut times) = theirs.handshake();
                times.client(|| drop(client));
                times.server(|| drop(server));
                times
            }) as Iteration<'_>
        }),
        Some(Box::new(|| floor.handshake())),
    ];
    let medians = measure(args.mode, &mut contestants);
    let note = (scenario.resumption == Resumption::Tls13PskKe)
        .then(|| "rustls has no psk_ke: no rustls figure".to_owned());
    for (side, pick) in [
        (
            "server",
            (|m: &Medians| m.server) as fn(&Medians) -> Duration,
        ),
        ("client", |m: &Medians| m.client),
        ("pair", |m: &Medians| m.pair),
    ] {
        let figure = |index: usize| medians[index].as_ref().map(|m| per_sec(pick(m)));
        rows.push(Row {
            group,
            workload: format!("{name}, {side}"),
            unit: Unit::HandshakesPerSec,
            ours: figure(0).expect("ours ran"),
            rustls: figure(1),
            floor: figure(2),
            note: if side == "pair" { note.clone() } else { None },
        });
    }
}

/// Bytes each bulk iteration moves, one way.
const BULK: usize = 1024 * 1024;

/// 1 MiB one way over `bulk`: in place (ours only) and buffered.
fn bulk_rows(args: &Args, fixture: &Fixture, bulk: Bulk, rows: &mut Vec<Row>) {
    let scenario = Scenario::bulk(bulk);
    let key = bulk_key(bulk);
    let mut floor = Floor::new(fixture, scenario, Default::default(), None);
    let mut floor_buffer = Vec::new();
    let data = vec![0x5a; BULK];
    let to_gbps =
        |m: &Option<Medians>| m.as_ref().map(|m| BULK as f64 / m.pair.as_secs_f64() / 1e9);

    let in_place = format!("TLS 1.3 {}, 1 MiB, in place", bulk.label());
    if args.wants("bulk", &in_place) {
        let ours = Ours::new(fixture, scenario);
        let (mut client, mut server, _) = ours.handshake();
        let mut contestants: Vec<Option<Iteration<'_>>> = vec![
            Some(Box::new(|| {
                SideTimes::one_side(|| {
                    let read = ours::bulk_in_place(&mut client, &mut server, BULK);
                    assert_eq!(read, BULK);
                })
            })),
            None,
            Some(Box::new(|| {
                SideTimes::one_side(|| floor.bulk(&key, &mut floor_buffer, BULK))
            })),
        ];
        let medians = measure(args.mode, &mut contestants);
        rows.push(Row {
            group: "bulk",
            workload: in_place,
            unit: Unit::GigabytesPerSec,
            ours: to_gbps(&medians[0]).expect("ours ran"),
            rustls: None,
            floor: to_gbps(&medians[2]),
            note: Some("sender and receiver together; floor: seal + open of each 16 KiB record; rustls: buffered API only".to_owned()),
        });
    }

    let buffered = format!("TLS 1.3 {}, 1 MiB, buffered", bulk.label());
    if args.wants("bulk", &buffered) {
        let ours = Ours::new(fixture, scenario);
        let theirs = Theirs::new(fixture, scenario).expect("rustls bulk");
        let (mut client, mut server, _) = ours.handshake();
        let (mut rustls_client, mut rustls_server, _) = theirs.handshake();
        let mut out = vec![0; 64 * 1024];
        let mut rustls_out = vec![0; 64 * 1024];
        let mut wire = Vec::with_capacity(128 * 1024);
        let (data_ours, data_theirs) = (&data, &data);
        let mut contestants: Vec<Option<Iteration<'_>>> = vec![
            Some(Box::new(|| {
                SideTimes::one_side(|| {
                    let read = ours::bulk_buffered(
                        &mut client,
                        &mut server,
                        black_box(data_ours),
                        &mut out,
                    );
                    assert_eq!(read, BULK);
                })
            })),
            Some(Box::new(|| {
                SideTimes::one_side(|| {
                    let read = theirs::bulk_buffered(
                        &mut rustls_client,
                        &mut rustls_server,
                        black_box(data_theirs),
                        &mut rustls_out,
                        &mut wire,
                    );
                    assert_eq!(read, BULK);
                })
            })),
            Some(Box::new(|| {
                SideTimes::one_side(|| floor.bulk(&key, &mut floor_buffer, BULK))
            })),
        ];
        let medians = measure(args.mode, &mut contestants);
        rows.push(Row {
            group: "bulk",
            workload: buffered,
            unit: Unit::GigabytesPerSec,
            ours: to_gbps(&medians[0]).expect("ours ran"),
            rustls: to_gbps(&medians[1]),
            floor: to_gbps(&medians[2]),
            note: None,
        });
    }
}

/// Round trips per timed iteration: one takes well under a microsecond, which the clock's own
/// cost would distort.
const CODEC_BATCH: u32 = 64;

/// Decode and re-encode of the two messages a handshake parses most bytes of: ours
/// (`HandshakeMessage`) and rustls' (`MessagePayload` from its doc-hidden `internal` module:
/// the typed handshake message, parsed from and encoded to the same bytes).
fn codec_rows(args: &Args, rows: &mut Vec<Row>) {
    use rustls::internal::msgs::message::MessagePayload;
    for (name, bytes, version, rustls_version) in [
        (
            "decode + encode, Chrome ClientHello (512 B)",
            chrome_client_hello(),
            NegotiatedVersion::NotYet,
            rustls::ProtocolVersion::TLSv1_2,
        ),
        (
            "decode + encode, TLS 1.3 Certificate, 3 certificates",
            three_certificate_message(),
            NegotiatedVersion::Tls13,
            rustls::ProtocolVersion::TLSv1_3,
        ),
    ] {
        if !args.wants("codec", name) {
            continue;
        }
        let rustls_round_trip = |bytes: &[u8], out: &mut Vec<u8>| {
            MessagePayload::new(rustls::ContentType::Handshake, rustls_version, bytes)
                .expect("rustls decodes")
                .encode(out);
        };
        let mut rustls_out = Vec::with_capacity(bytes.len());
        rustls_round_trip(&bytes, &mut rustls_out);
        assert_eq!(rustls_out, bytes, "{name} round-trips through rustls");
        let mut out = Vec::with_capacity(bytes.len());
        let mut contestants: Vec<Option<Iteration<'_>>> = vec![
            Some(Box::new(|| {
                SideTimes::one_side(|| {
                    for _ in 0..CODEC_BATCH {
                        out.clear();
                        HandshakeMessage::decode(black_box(&bytes), version)
                            .expect("decodes")
                            .encode(&mut out);
                    }
                })
            })),
            Some(Box::new(|| {
                SideTimes::one_side(|| {
                    for _ in 0..CODEC_BATCH {
                        rustls_out.clear();
                        rustls_round_trip(black_box(&bytes), &mut rustls_out);
                    }
                })
            })),
        ];
        let medians = measure(args.mode, &mut contestants);
        drop(contestants);
        assert_eq!(out, bytes, "{name} round-trips");
        rows.push(Row {
            group: "codec",
            workload: name.to_owned(),
            unit: Unit::OpsPerSec,
            ours: f64::from(CODEC_BATCH) * per_sec(medians[0].expect("ran").pair),
            rustls: medians[1].map(|m| f64::from(CODEC_BATCH) * per_sec(m.pair)),
            floor: None,
            note: Some(
                "rustls: rustls::internal::msgs::message::MessagePayload (doc-hidden)".to_owned(),
            ),
        });
    }
}

/// Verifies `fixture`'s chain as a client verifies a server: ours against rustls-webpki.
fn path_validation_rows(args: &Args, fixture: &Fixture, rows: &mut Vec<Row>) {
    let name = format!("3-certificate chain, {}", fixture.key.label());
    if !args.wants("path validation", &name) {
        return;
    }
    // The chain is valid from its issue until 9999; now is inside.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    let mut anchors = tls_pki::TrustAnchors::new();
    anchors.add(tls_pki::TrustAnchor::from_der(&fixture.root_der).expect("root"));
    let options = tls_pki::VerifyOptions::at(tls_pki::UnixTime::from_secs(
        i64::try_from(now.as_secs()).expect("in range"),
    ));
    let server_name = tls_pki::name::ServerName::try_from(SERVER_NAME).expect("name");
    let intermediates = [fixture.intermediate_der.as_slice()];

    let root = CertificateDer::from(fixture.root_der.as_slice());
    let webpki_anchors = vec![
        webpki::anchor_from_trusted_cert(&root)
            .expect("root")
            .to_owned(),
    ];
    let leaf = CertificateDer::from(fixture.leaf_der.as_slice());
    let webpki_intermediates = vec![CertificateDer::from(fixture.intermediate_der.as_slice())];
    let webpki_name = WebpkiName::try_from(SERVER_NAME).expect("name");
    let webpki_time = WebpkiTime::since_unix_epoch(now);

    let mut contestants: Vec<Option<Iteration<'_>>> = vec![
        Some(Box::new(|| {
            SideTimes::one_side(|| {
                anchors
                    .verify_server(
                        black_box(&fixture.leaf_der),
                        black_box(&intermediates),
                        Some(&server_name),
                        &options,
                    )
                    .expect("ours verifies");
            })
        })),
        Some(Box::new(|| {
            SideTimes::one_side(|| {
                let cert = webpki::EndEntityCert::try_from(black_box(&leaf)).expect("leaf");
                cert.verify_for_usage(
                    webpki::ALL_VERIFICATION_ALGS,
                    &webpki_anchors,
                    black_box(&webpki_intermediates),
                    webpki_time,
                    webpki::KeyUsage::server_auth(),
                    None,
                    None,
                )
                .expect("webpki verifies");
                cert.verify_is_valid_for_subject_name(&webpki_name)
                    .expect("webpki: the name");
            })
        })),
    ];
    let medians = measure(args.mode, &mut contestants);
    rows.push(Row {
        group: "path validation",
        workload: name,
        unit: Unit::OpsPerSec,
        ours: per_sec(medians[0].expect("ran").pair),
        rustls: medians[1].map(|m| per_sec(m.pair)),
        floor: None,
        note: Some("rustls column: rustls-webpki 0.103".to_owned()),
    });
}
