//! Heap per connected pair, and allocations per handshake pair, counted with dhat: a client and
//! a server in memory (ECDSA P-256 leaf and intermediate under a trusted root, X25519, no
//! tickets unless said), each connection boxed so that its own size counts too; over TLS 1.3
//! (TLS_AES_128_GCM_SHA256) and TLS 1.2 (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), each a full
//! handshake without tickets (the targets' setting, which predates them) and with the tickets
//! a server gives by default (every pair a new client, with the default session store: a
//! first contact; one server for all, keeping its sessions as by default, which counts), and a
//! TLS 1.2 session resumed by ticket (one client for all pairs, so every pair after the first
//! resumes).
//!
//! Three figures, per pair:
//! - the heap the pair holds once the handshake is done (both sides idle, every byte sent);
//! - the heap it holds after 16 KiB each way, once both sides have read everything;
//! - the heap allocations the handshake made, both sides together.
//!
//! Targets (issue 12): ≤ 16 kB, ≤ 40 kB, ≤ 130. Not a criterion bench: a counting global
//! allocator would distort timings. `cargo bench -p tls-benches --bench connection_memory`.
#![forbid(unsafe_code)]

use std::sync::Arc;

use tls::handshake::config::{
    DEFAULT_SESSION_TICKETS, SupportedCipherSuite, SupportedGroup, SupportedVersion,
};
use tls::handshake::verifier::WebPkiServerVerifier;
use tls::{
    CertifiedKey, ClientConfig, Connection, Error, ServerConfig, ServerName, TrustAnchor,
    TrustAnchors,
};
use tls_tests::{ChainBuilder, KeyType};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Pairs measured; the figures are their means.
const PAIRS: u64 = 20;

/// Bytes sent each way after the handshake.
const ECHO: usize = 16 * 1024;

/// The server's config (one for every pair), and the anchors a client trusts it by.
fn server_config(suite: SupportedCipherSuite, tickets: bool) -> (TrustAnchors, Arc<ServerConfig>) {
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("pair.example")
        .intermediate("Memory Intermediate")
        .build()
        .expect("chain");
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).expect("root"));
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .expect("key");
    let server = ServerConfig::builder(Arc::new(certified))
        .cipher_suites(&[suite])
        .groups(&[SupportedGroup::X25519]);
    // Without tickets, a TLS 1.2 server resumes by session id from its store.
    let server = if tickets {
        server
    } else {
        server.ticketer(None)
    };
    let server = server.build().expect("server config");
    (anchors, Arc::new(server))
}

/// A client's config, with the default session store of its own.
fn client_config(anchors: &TrustAnchors, suite: SupportedCipherSuite) -> Arc<ClientConfig> {
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors.clone())))
        .cipher_suites(&[suite])
        .groups(&[SupportedGroup::X25519])
        .build()
        .expect("client config");
    Arc::new(client)
}

/// Moves everything `from` has to send into `to`.
fn transfer(from: &mut Connection, to: &mut Connection) {
    while !from.pending_output().is_empty() {
        let taken = to.receive(from.pending_output()).expect("received");
        assert!(taken > 0, "the receiver took nothing");
        from.consume_output(taken);
    }
}

fn read_all(conn: &mut Connection) -> usize {
    let mut buf = [0u8; 4096];
    let mut total = 0;
    loop {
        match conn.read(&mut buf) {
            Ok(0) | Err(Error::WouldBlock) => return total,
            Ok(n) => total += n,
            Err(error) => panic!("read failed: {error}"),
        }
    }
}

/// Sends `data` from `from` to `to`, which reads all of it.
fn send(from: &mut Connection, to: &mut Connection, data: &[u8]) {
    let mut sent = 0;
    while sent < data.len() {
        sent += from.write(&data[sent..]).expect("write");
        transfer(from, to);
        read_all(to);
    }
}

struct Figures {
    after_handshake: u64,
    after_echo: u64,
    handshake_allocations: u64,
}

fn one_pair(client_config: &Arc<ClientConfig>, server_config: &Arc<ServerConfig>) -> Figures {
    let name = ServerName::try_from("pair.example").expect("name");
    let start = dhat::HeapStats::get();
    let mut client = Box::new(Connection::client(client_config.clone(), name).expect("client"));
    let mut server = Box::new(Connection::server(server_config.clone()));
    while client.is_handshaking() || server.is_handshaking() {
        transfer(&mut client, &mut server);
        transfer(&mut server, &mut client);
    }
    transfer(&mut client, &mut server);
    let handshaken = dhat::HeapStats::get();

    let data = vec![0x5a; ECHO];
    send(&mut client, &mut server, &data);
    send(&mut server, &mut client, &data);
    let echoed = dhat::HeapStats::get();
    let figures = Figures {
        after_handshake: u64::try_from(handshaken.curr_bytes - start.curr_bytes).unwrap_or(0),
        after_echo: u64::try_from(echoed.curr_bytes - start.curr_bytes).unwrap_or(0),
        handshake_allocations: handshaken.total_blocks - start.total_blocks,
    };
    drop((client, server));
    figures
}

fn main() {
    let _profiler = if std::env::var_os("DHAT_JSON").is_some() {
        dhat::Profiler::builder()
            .file_name("/tmp/dhat-heap.json")
            .build()
    } else {
        dhat::Profiler::builder().testing().build()
    };
    let tls13 = SupportedCipherSuite::Tls13Aes128GcmSha256;
    let tls12 = SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256;
    for (suite, tickets, resume) in [
        (tls13, false, false),
        (tls13, true, false),
        (tls12, false, false),
        (tls12, true, false),
        (tls12, true, true),
    ] {
        measure(suite, tickets, resume);
    }
}

/// Measures `PAIRS` pairs over `suite` and prints the means. With `resume`, one client config
/// for all, whose first pair makes the session every other pair resumes; without, a new client
/// config per pair (made before the pair is measured): every pair a first contact.
fn measure(suite: SupportedCipherSuite, tickets: bool, resume: bool) {
    let (anchors, server_config) = server_config(suite, tickets);
    let shared_client = client_config(&anchors, suite);
    // One pair first: lazily built state (ring's CPU feature detection) is not a pair's.
    one_pair(&shared_client, &server_config);
    let mut totals = (0u64, 0u64, 0u64);
    for _ in 0..PAIRS {
        let client = if resume {
            Arc::clone(&shared_client)
        } else {
            client_config(&anchors, suite)
        };
        let figures = one_pair(&client, &server_config);
        totals.0 += figures.after_handshake;
        totals.1 += figures.after_echo;
        totals.2 += figures.handshake_allocations;
    }
    let handshake = match (resume, tickets) {
        (true, _) => "resumed handshake (by ticket)".to_owned(),
        (false, false) => "full handshake, no tickets".to_owned(),
        (false, true) if suite.version() == SupportedVersion::Tls13 => format!(
            "full handshake and the {DEFAULT_SESSION_TICKETS} NewSessionTickets a server sends by default"
        ),
        (false, true) => "full handshake and its ticket (RFC 5077), as by default".to_owned(),
    };
    println!(
        "memory per connected pair, {suite}, {handshake} (mean of {PAIRS} pairs; targets in parentheses):"
    );
    println!(
        "  heap after the handshake          {:>7} bytes (≤ 16000)",
        totals.0 / PAIRS
    );
    println!(
        "  heap after 16 KiB each way, read  {:>7} bytes (≤ 40000)",
        totals.1 / PAIRS
    );
    println!(
        "  allocations per handshake pair    {:>7}       (≤ 130)",
        totals.2 / PAIRS
    );
}
