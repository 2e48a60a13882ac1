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
use serde_json::Value;
use tls_wire::extensions::{ExtensionContext, Extensions};
use tls_wire::handshake::{
    CertData, CertificateEntry, CertificateEntryList, CertificateRequestContext, CertificateTls13,
    HandshakeMessage, HandshakePayload, NegotiatedVersion,
};

fn testdata(name: &str) -> Value {
    let path = format!("{}/../testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn chrome_client_hello() -> Vec<u8> {
    let vectors = testdata("fingerprint-vectors.json");
    let chrome = vectors
        .as_array()
        .and_then(|v| {
            v.iter()
                .find(|x| x["name"] == "foxio-tls-handshake-stream0")
        })
        .expect("the Chrome ClientHello is in the fingerprint vectors");
    hex::decode(chrome["client_hello_hex"].as_str().expect("hex")).expect("valid hex")
}

fn three_certificate_message() -> Vec<u8> {
    let captures = testdata("openssl-captures.json");
    let connection = &captures["connections"][0];
    let mut pems: Vec<String> = connection["server_certificate_chain_pem"]
        .as_array()
        .expect("chain")
        .iter()
        .map(|p| p.as_str().expect("pem").to_owned())
        .collect();
    pems.push(
        captures["ca_certificate_pem"]
            .as_str()
            .expect("root")
            .to_owned(),
    );
    let entries = pems
        .iter()
        .map(|text| CertificateEntry {
            cert_data: CertData::new(pem::parse(text).expect("PEM").into_contents())
                .expect("certificate fits"),
            extensions: Extensions::new(ExtensionContext::Certificate, Vec::new()).expect("empty"),
        })
        .collect();
    let certificate = CertificateTls13 {
        certificate_request_context: CertificateRequestContext::new(Vec::new()).expect("empty"),
        certificate_list: CertificateEntryList::new(entries).expect("chain fits"),
    };
    HandshakeMessage::new(HandshakePayload::CertificateTls13(certificate))
        .expect("message fits")
        .raw()
        .to_vec()
}

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
