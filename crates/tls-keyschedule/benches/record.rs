//! Record protection against its floor: sealing and opening 1 KiB and 16 KiB records through
//! our sealers and openers, beside raw ring sealing and opening the same bytes with the same
//! key, nonce length and additional data. The ratio of the two (ours / ring throughput, target
//! ≥ 0.97) is what our record layer costs on top of the AEAD itself: the header, the nonce, the
//! type byte and the checks.
//!
//! Run: `cargo bench -p tls-keyschedule --bench record -- --quick`. Each group holds four
//! functions, `tls13`, `ring_tls13`, `tls12`, `ring_tls12`; the raw ring function of a version
//! does what that version's record layer must at least do (seal the inner plaintext or
//! content with a 5- or 13-byte additional data and place the tag; open the same), on the
//! same bytes at the same place in a record-shaped buffer: the content starts 5 bytes in (13
//! for TLS 1.2 AES-GCM), and unaligned data costs AES-GCM a few percent that no record layer
//! can avoid.
//!
//! Criterion times each function on its own, so on a shared machine the two sides of a ratio
//! may see different load. After the criterion groups the bench therefore prints each ratio
//! measured head to head: batches of ours and of ring's, interleaved (order alternating) over
//! many rounds, the median of the per-round ratios.
#![forbid(unsafe_code)]
#![allow(
    missing_docs,
    reason = "criterion_group! generates undocumented functions"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey};
use tls_keyschedule::AeadAlgorithm;
use tls_keyschedule::record::{
    Tls12RecordOpener, Tls12RecordSealer, Tls13RecordOpener, Tls13RecordSealer,
};
use tls_wire::ids::{ContentType, ProtocolVersion};
use tls_wire::record::RecordHeader;

const AEADS: [AeadAlgorithm; 3] = [
    AeadAlgorithm::Aes128Gcm,
    AeadAlgorithm::Aes256Gcm,
    AeadAlgorithm::ChaCha20Poly1305,
];

/// Content sizes: a full-size record (2^14) and a small one.
const SIZES: [(usize, &str); 2] = [(16_384, "16KiB"), (1_024, "1KiB")];

const KEY: [u8; 32] = [0x42; 32];
const IV: [u8; 12] = [0x24; 12];
const TAG_LEN: usize = 16;

fn key(aead: AeadAlgorithm) -> &'static [u8] {
    &KEY[..aead.key_len()]
}

/// The key block's write_iv: AES-GCM's 4-byte salt, ChaCha20's 12-byte IV.
fn tls12_iv(aead: AeadAlgorithm) -> &'static [u8] {
    match aead {
        AeadAlgorithm::ChaCha20Poly1305 => &IV,
        _ => &IV[..4],
    }
}

fn ring_key(aead: AeadAlgorithm) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(aead.ring(), key(aead)).expect("key length"))
}

fn tls13_sealer(aead: AeadAlgorithm) -> Tls13RecordSealer {
    Tls13RecordSealer::new(aead, key(aead), IV).expect("key length")
}

fn tls12_sealer(aead: AeadAlgorithm) -> Tls12RecordSealer {
    Tls12RecordSealer::new(aead, key(aead), tls12_iv(aead)).expect("key length")
}

fn header(length: usize) -> RecordHeader {
    RecordHeader::new(
        ContentType::APPLICATION_DATA,
        ProtocolVersion::TLSV1_2,
        u16::try_from(length).expect("record fits"),
    )
}

/// Raw ring: seal `in_out` (all but the last 16 bytes of `buf`) and place the tag.
fn ring_seal(key: &LessSafeKey, aad: &[u8], buf: &mut [u8]) {
    let (in_out, tag_out) = buf.split_at_mut(buf.len() - TAG_LEN);
    let tag = key
        .seal_in_place_separate_tag(Nonce::assume_unique_for_key(IV), Aad::from(aad), in_out)
        .expect("seal");
    tag_out.copy_from_slice(tag.as_ref());
}

fn seal(c: &mut Criterion) {
    for aead in AEADS {
        for (len, label) in SIZES {
            let mut group = c.benchmark_group(format!("seal_{label}_{aead:?}"));
            group.throughput(Throughput::Bytes(u64::try_from(len).expect("small")));

            let mut sealer = tls13_sealer(aead);
            let mut record = vec![0x61; Tls13RecordSealer::record_len(len, 0)];
            group.bench_function("tls13", |b| {
                b.iter(|| {
                    sealer
                        .seal_in_place(ContentType::APPLICATION_DATA, black_box(&mut record), len)
                        .expect("seal");
                });
            });
            // The same bytes: the inner plaintext (content and type byte) and the 5-byte
            // header as additional data.
            let raw = ring_key(aead);
            let aad = header(len + 1 + TAG_LEN).to_bytes();
            let mut buf = vec![0x61; Tls13RecordSealer::record_len(len, 0)];
            group.bench_function("ring_tls13", |b| {
                b.iter(|| {
                    ring_seal(
                        &raw,
                        black_box(&aad),
                        black_box(&mut buf[RecordHeader::LEN..]),
                    );
                });
            });

            let mut sealer = tls12_sealer(aead);
            let mut record = vec![0x61; sealer.overhead() + len];
            let offset = sealer.content_offset();
            group.bench_function("tls12", |b| {
                b.iter(|| {
                    sealer
                        .seal_in_place(ContentType::APPLICATION_DATA, black_box(&mut record))
                        .expect("seal");
                });
            });
            let aad = [0u8; 13];
            let mut buf = record.clone();
            group.bench_function("ring_tls12", |b| {
                b.iter(|| ring_seal(&raw, black_box(&aad), black_box(&mut buf[offset..])));
            });
            group.finish();
        }
    }
}

fn open(c: &mut Criterion) {
    for aead in AEADS {
        for (len, label) in SIZES {
            let mut group = c.benchmark_group(format!("open_{label}_{aead:?}"));
            group.throughput(Throughput::Bytes(u64::try_from(len).expect("small")));

            // Opening decrypts in place, so each iteration opens a record sealed afresh in
            // the untimed set-up: for ours, by a sealer that runs in step with the one opener
            // (criterion opens a batch's inputs in the order it made them); for ring, with its
            // fixed nonce. Both keys stay warm, as they would in a connection.
            let template = vec![0x61; Tls13RecordSealer::record_len(len, 0)];
            let fragment_len = template.len() - RecordHeader::LEN;
            let mut sealer = tls13_sealer(aead);
            let mut opener = Tls13RecordOpener::new(aead, key(aead), IV).expect("key length");
            group.bench_function("tls13", |b| {
                b.iter_batched_ref(
                    || {
                        let mut record = template.clone();
                        sealer
                            .seal_in_place(ContentType::APPLICATION_DATA, &mut record, len)
                            .expect("seal");
                        record
                    },
                    |record| {
                        let fragment = &mut record[RecordHeader::LEN..];
                        let (typ, content) = opener
                            .open_in_place(header(fragment_len), black_box(fragment))
                            .expect("open");
                        black_box((typ, content.len()));
                    },
                    BatchSize::SmallInput,
                );
            });
            let raw = ring_key(aead);
            let aad = header(fragment_len).to_bytes();
            group.bench_function("ring_tls13", |b| {
                b.iter_batched_ref(
                    || {
                        let mut buf = template.clone();
                        ring_seal(&raw, &aad, &mut buf[RecordHeader::LEN..]);
                        buf
                    },
                    |buf| {
                        ring_open(
                            &raw,
                            black_box(&aad),
                            black_box(&mut buf[RecordHeader::LEN..]),
                        );
                    },
                    BatchSize::SmallInput,
                );
            });

            let mut sealer = tls12_sealer(aead);
            let template = vec![0x61; sealer.overhead() + len];
            let fragment_len = template.len() - RecordHeader::LEN;
            let mut opener =
                Tls12RecordOpener::new(aead, key(aead), tls12_iv(aead)).expect("key length");
            group.bench_function("tls12", |b| {
                b.iter_batched_ref(
                    || {
                        let mut record = template.clone();
                        sealer
                            .seal_in_place(ContentType::APPLICATION_DATA, &mut record)
                            .expect("seal");
                        record
                    },
                    |record| {
                        let fragment = &mut record[RecordHeader::LEN..];
                        let (typ, plaintext) = opener
                            .open_in_place(header(fragment_len), black_box(fragment))
                            .expect("open");
                        black_box((typ, plaintext.len()));
                    },
                    BatchSize::SmallInput,
                );
            });
            let aad = [0u8; 13];
            let offset = template.len() - len - TAG_LEN;
            group.bench_function("ring_tls12", |b| {
                b.iter_batched_ref(
                    || {
                        let mut buf = template.clone();
                        ring_seal(&raw, &aad, &mut buf[offset..]);
                        buf
                    },
                    // After the explicit nonce, in place: ring's open_within would move the
                    // plaintext to the front, a copy we do not make.
                    |buf| ring_open(&raw, black_box(&aad), black_box(&mut buf[offset..])),
                    BatchSize::SmallInput,
                );
            });
            group.finish();
        }
    }
}

/// Raw ring: open `buf` (ciphertext and tag) in place.
fn ring_open(key: &LessSafeKey, aad: &[u8], buf: &mut [u8]) {
    let plaintext = key
        .open_in_place(Nonce::assume_unique_for_key(IV), Aad::from(aad), buf)
        .expect("open");
    black_box(plaintext.len());
}

/// Rounds of the head-to-head ratio measurement.
const ROUNDS: usize = 101;

/// Records per batch in one round: about 1 MiB of records either way.
fn batch_len(len: usize) -> usize {
    (1 << 20) / len
}

/// The median over [`ROUNDS`] of `raw time / our time` for one batch each, interleaved and
/// alternating which goes first: ours / ring throughput.
fn head_to_head(mut ours: impl FnMut() -> Duration, mut raw: impl FnMut() -> Duration) -> f64 {
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|round| {
            let (ours, raw) = if round % 2 == 0 {
                let ours = ours();
                (ours, raw())
            } else {
                let raw = raw();
                (ours(), raw)
            };
            raw.as_secs_f64() / ours.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ROUNDS / 2]
}

/// Times `op` over `inputs`, one call each.
fn timed<T>(inputs: &mut [T], mut op: impl FnMut(&mut T)) -> Duration {
    let start = Instant::now();
    for input in inputs.iter_mut() {
        op(black_box(input));
    }
    start.elapsed()
}

/// Head-to-head seal ratios of one AEAD and size: (TLS 1.3, TLS 1.2).
fn seal_ratios(aead: AeadAlgorithm, len: usize) -> (f64, f64) {
    let batch = batch_len(len);
    let raw = ring_key(aead);

    let mut sealer = tls13_sealer(aead);
    let mut ours = vec![vec![0x61; Tls13RecordSealer::record_len(len, 0)]; batch];
    let aad = header(len + 1 + TAG_LEN).to_bytes();
    let mut theirs = ours.clone();
    let tls13 = head_to_head(
        || {
            timed(&mut ours, |record| {
                sealer
                    .seal_in_place(ContentType::APPLICATION_DATA, record, len)
                    .expect("seal");
            })
        },
        || {
            timed(&mut theirs, |buf| {
                ring_seal(&raw, &aad, &mut buf[RecordHeader::LEN..])
            })
        },
    );

    let mut sealer = tls12_sealer(aead);
    let offset = sealer.content_offset();
    let mut ours = vec![vec![0x61; sealer.overhead() + len]; batch];
    let aad = [0u8; 13];
    let mut theirs = ours.clone();
    let tls12 = head_to_head(
        || {
            timed(&mut ours, |record| {
                sealer
                    .seal_in_place(ContentType::APPLICATION_DATA, record)
                    .expect("seal");
            })
        },
        || timed(&mut theirs, |buf| ring_seal(&raw, &aad, &mut buf[offset..])),
    );
    (tls13, tls12)
}

/// Head-to-head open ratios of one AEAD and size: (TLS 1.3, TLS 1.2). Each round seals a
/// fresh batch first, untimed, as the criterion groups do.
fn open_ratios(aead: AeadAlgorithm, len: usize) -> (f64, f64) {
    let batch = batch_len(len);
    let raw = ring_key(aead);

    let template = vec![0x61; Tls13RecordSealer::record_len(len, 0)];
    let fragment_len = template.len() - RecordHeader::LEN;
    let mut sealer = tls13_sealer(aead);
    let mut opener = Tls13RecordOpener::new(aead, key(aead), IV).expect("key length");
    let aad = header(fragment_len).to_bytes();
    let tls13 = head_to_head(
        || {
            let mut records: Vec<Vec<u8>> = (0..batch)
                .map(|_| {
                    let mut record = template.clone();
                    sealer
                        .seal_in_place(ContentType::APPLICATION_DATA, &mut record, len)
                        .expect("seal");
                    record
                })
                .collect();
            timed(&mut records, |record| {
                let fragment = &mut record[RecordHeader::LEN..];
                let (typ, content) = opener
                    .open_in_place(header(fragment_len), fragment)
                    .expect("open");
                black_box((typ, content.len()));
            })
        },
        || {
            let mut bufs: Vec<Vec<u8>> = (0..batch)
                .map(|_| {
                    let mut buf = template.clone();
                    ring_seal(&raw, &aad, &mut buf[RecordHeader::LEN..]);
                    buf
                })
                .collect();
            timed(&mut bufs, |buf| {
                ring_open(&raw, &aad, &mut buf[RecordHeader::LEN..]);
            })
        },
    );

    let mut sealer = tls12_sealer(aead);
    let template = vec![0x61; sealer.overhead() + len];
    let fragment_len = template.len() - RecordHeader::LEN;
    let mut opener = Tls12RecordOpener::new(aead, key(aead), tls12_iv(aead)).expect("key length");
    let aad = [0u8; 13];
    let offset = template.len() - len - TAG_LEN;
    let tls12 = head_to_head(
        || {
            let mut records: Vec<Vec<u8>> = (0..batch)
                .map(|_| {
                    let mut record = template.clone();
                    sealer
                        .seal_in_place(ContentType::APPLICATION_DATA, &mut record)
                        .expect("seal");
                    record
                })
                .collect();
            timed(&mut records, |record| {
                let fragment = &mut record[RecordHeader::LEN..];
                let (typ, plaintext) = opener
                    .open_in_place(header(fragment_len), fragment)
                    .expect("open");
                black_box((typ, plaintext.len()));
            })
        },
        || {
            let mut bufs: Vec<Vec<u8>> = (0..batch)
                .map(|_| {
                    let mut buf = template.clone();
                    ring_seal(&raw, &aad, &mut buf[offset..]);
                    buf
                })
                .collect();
            timed(&mut bufs, |buf| ring_open(&raw, &aad, &mut buf[offset..]))
        },
    );
    (tls13, tls12)
}

/// Prints every head-to-head ratio (ours / ring throughput).
fn print_ratios() {
    println!("\nours / ring throughput, head to head (median of {ROUNDS} interleaved rounds):");
    println!(
        "{:<8} {:<6} {:<18} {:>7} {:>7}",
        "op", "size", "aead", "tls13", "tls12"
    );
    for aead in AEADS {
        for (len, label) in SIZES {
            let (seal13, seal12) = seal_ratios(aead, len);
            let (open13, open12) = open_ratios(aead, len);
            let aead = format!("{aead:?}");
            println!(
                "{:<8} {label:<6} {aead:<18} {seal13:>7.3} {seal12:>7.3}",
                "seal"
            );
            println!(
                "{:<8} {label:<6} {aead:<18} {open13:>7.3} {open12:>7.3}",
                "open"
            );
        }
    }
}

criterion_group!(benches, seal, open);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo bench` passes --bench; `cargo test --benches` runs each function once as a
    // smoke test and needs no ratios.
    if std::env::args().any(|arg| arg == "--bench") {
        print_ratios();
    }
}
