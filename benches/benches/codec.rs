//! Codec benchmarks: decode and re-encode a browser-sized ClientHello (Chrome's, 512 bytes with
//! GREASE, from FoxIO's published captures) and a 3-certificate TLS 1.3 Certificate message
//! (the OpenSSL capture's leaf and intermediate plus its root), the messages a handshake parses
//! most bytes of.
#![forbid(unsafe_code)]
#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented main"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tls_benches::codec_messages::{chrome_client_hello, three_certificate_message};
use tls_wire::handshake::{HandshakeMessage, NegotiatedVersion};

fn bench_message(c: &mut Criterion, name: &str, bytes: &[u8], version: NegotiatedVersion) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(
        u64::try_from(bytes.len()).expect("small"),
    ));
    group.bench_function("decode", |b| {
        b.iter(|| HandshakeMessage::decode(black_box(bytes), version).expect("decodes"));
    });
    let decoded = HandshakeMessage::decode(bytes, version).expect("decodes");
    let mut out = Vec::with_capacity(bytes.len());
    group.bench_function("encode", |b| {
        b.iter(|| {
            out.clear();
            black_box(&decoded).encode(&mut out);
        });
    });
    group.bench_function("decode+encode", |b| {
        b.iter(|| {
            out.clear();
            HandshakeMessage::decode(black_box(bytes), version)
                .expect("decodes")
                .encode(&mut out);
        });
    });
    group.finish();
    out.clear();
    decoded.encode(&mut out);
    assert_eq!(out, bytes, "{name} must round-trip");
}

fn codec(c: &mut Criterion) {
    let hello = chrome_client_hello();
    bench_message(
        c,
        "client_hello_chrome_512B",
        &hello,
        NegotiatedVersion::NotYet,
    );
    let certificate = three_certificate_message();
    bench_message(
        c,
        "certificate_tls13_3_certs",
        &certificate,
        NegotiatedVersion::Tls13,
    );
}

criterion_group!(benches, codec);
criterion_main!(benches);
