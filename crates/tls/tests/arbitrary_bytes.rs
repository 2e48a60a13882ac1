//! Arbitrary bytes into a fresh server and a fresh client never panic, and an error, once
//! reported, sticks: in TLS 1.3, in TLS 1.2 (with and without client certificates), and in a
//! resumed TLS 1.2 handshake.

mod common;

use std::sync::{Arc, OnceLock};

use common::Pair;
use proptest::prelude::*;
use tls::handshake::config::{
    ClientAuth, SingleClientCertificate, SupportedCipherSuite, SupportedVersion,
};
use tls::handshake::verifier::WebPkiClientVerifier;
use tls::{ClientConfig, ServerConfig};

/// What the pair speaks.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Tls13,
    Tls12,
    /// TLS 1.2, the server requiring a client certificate the client has.
    Tls12ClientAuth,
    /// TLS 1.2, every handshake resuming the session the configs were made with.
    Tls12Resumed,
}

const KINDS: [Kind; 4] = [
    Kind::Tls13,
    Kind::Tls12,
    Kind::Tls12ClientAuth,
    Kind::Tls12Resumed,
];

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(KINDS.to_vec())
}

/// One set of configs per kind for every case: making certificates is the slow part.
fn configs(kind: Kind) -> &'static (ClientConfig, ServerConfig) {
    static CONFIGS: [OnceLock<(ClientConfig, ServerConfig)>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    CONFIGS[kind as usize].get_or_init(|| {
        let (anchors, certified) = common::pki(&common::CERTIFICATE_TYPES[0]);
        let suite = match kind {
            Kind::Tls13 => common::SUITES[0],
            _ => SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
        };
        let (client, server) = common::configs(anchors, certified, suite, common::GROUPS[0]);
        // Only the resumed kind keeps sessions: the others are full handshakes every time.
        let (client, server) = match kind {
            Kind::Tls12Resumed => (client, server),
            _ => (client.session_store(None), server.session_store(None)),
        };
        let (client, server) = match kind {
            Kind::Tls12ClientAuth => {
                let (_, roots, key) = common::client_pki_under(
                    tls_tests::KeyType::EcdsaP256,
                    "Arbitrary Client Root",
                );
                (
                    client.client_certificate(Arc::new(SingleClientCertificate(key))),
                    server.client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
                        roots,
                    )))),
                )
            }
            _ => (client, server),
        };
        let configs = (client.build().unwrap(), server.build().unwrap());
        if let Kind::Tls12Resumed = kind {
            // The session every later pair resumes.
            let mut first = Pair::with_configs(configs.0.clone(), configs.1.clone());
            first.handshake(usize::MAX);
            let mut again = Pair::with_configs(configs.0.clone(), configs.1.clone());
            again.handshake(usize::MAX);
            assert!(again.client.negotiated().unwrap().resumed);
        }
        let version = configs.0.versions()[0];
        assert_eq!(
            version,
            match kind {
                Kind::Tls13 => SupportedVersion::Tls13,
                _ => SupportedVersion::Tls12,
            }
        );
        configs
    })
}

/// Where the minor version byte of each unprotected record in `flight` is.
fn unprotected_minor_version_bytes(flight: &[u8]) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut start = 0;
    while let Some(header) = flight.get(start..start + 5) {
        if header[0] != 23 {
            positions.push(start + 2);
        }
        start += 5 + usize::from(u16::from_be_bytes([header[3], header[4]]));
    }
    positions
}

/// The whole records of `flight`, each with its header.
fn records(flight: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(header) = flight.get(start..start + 5) {
        let end = start + 5 + usize::from(u16::from_be_bytes([header[3], header[4]]));
        out.push(&flight[start..end.min(flight.len())]);
        start = end;
    }
    out
}

/// A record of type `typ` (a real one or any byte) around `body`.
fn record(typ: u8, body: &[u8]) -> Vec<u8> {
    let len = u16::try_from(body.len()).unwrap().to_be_bytes();
    let mut record = vec![typ, 3, 3, len[0], len[1]];
    record.extend_from_slice(body);
    record
}

fn pair(kind: Kind) -> Pair {
    let (client, server) = configs(kind);
    Pair::with_configs(client.clone(), server.clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn arbitrary_bytes_never_panic(
        kind in kind(),
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
        chunk in 1usize..512,
    ) {
        let Pair { mut client, mut server } = pair(kind);
        for conn in [&mut client, &mut server] {
            let mut first_error = None;
            for piece in bytes.chunks(chunk) {
                if let Err(error) = conn.receive(piece) {
                    first_error.get_or_insert(error.clone());
                    prop_assert_eq!(Some(&error), first_error.as_ref());
                }
            }
            let _ = conn.read(&mut [0; 64]);
            let _ = conn.write(b"x");
            conn.send_close_notify();
        }
    }

    #[test]
    fn a_record_shaped_prefix_never_panics(
        kind in kind(),
        typ in prop_oneof![Just(20u8), Just(21), Just(22), Just(23)],
        body in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let Pair { mut client, mut server } = pair(kind);
        let len = u16::try_from(body.len()).unwrap().to_be_bytes();
        let mut record = vec![typ, 3, 3, len[0], len[1]];
        record.extend_from_slice(&body);
        let _ = server.receive(&record);
        let _ = client.receive(&record);
    }

    #[test]
    fn arbitrary_bytes_after_the_handshake_never_panic(
        kind in kind(),
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut pair = pair(kind);
        pair.handshake(usize::MAX);
        let _ = pair.client.receive(&bytes);
        let _ = pair.server.receive(&bytes);
        let _ = common::transfer(&mut pair.client, &mut pair.server, usize::MAX);
    }

    /// In every state of the handshake, on either side (after each record of the peer's
    /// flights), arbitrary records make the connection refuse with an alert or wait; never
    /// panic; and an error, once reported, sticks.
    #[test]
    fn arbitrary_records_in_each_state_never_panic(
        kind in kind(),
        to_server in any::<bool>(),
        keep in 0usize..8,
        typ in prop_oneof![4 => prop::sample::select(vec![20u8, 21, 22, 23]), 1 => any::<u8>()],
        bodies in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 1..4),
    ) {
        let mut pair = pair(kind);
        // Client hello to the server; the server's flight, record by record, to the client;
        // the client's second flight, record by record, to the server.
        common::transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        let server_flight = pair.server.pending_output().to_vec();
        let receiver = if to_server {
            for piece in records(&server_flight) {
                pair.client.receive(piece).unwrap();
            }
            pair.server.consume_output(server_flight.len());
            let client_flight = pair.client.pending_output().to_vec();
            let pieces = records(&client_flight);
            let keep = keep.min(pieces.len());
            for piece in &pieces[..keep] {
                pair.server.receive(piece).unwrap();
            }
            &mut pair.server
        } else {
            let pieces = records(&server_flight);
            let keep = keep.min(pieces.len());
            for piece in &pieces[..keep] {
                pair.client.receive(piece).unwrap();
            }
            &mut pair.client
        };
        let mut first_error = None;
        for body in &bodies {
            if let Err(error) = receiver.receive(&record(typ, body)) {
                prop_assert!(error.alert().is_some() || matches!(error, tls::Error::AlertReceived(_)), "{:?}", error);
                first_error.get_or_insert(error.clone());
                prop_assert_eq!(Some(&error), first_error.as_ref());
            }
        }
        let _ = receiver.read(&mut [0; 64]);
        let _ = receiver.write(b"x");
    }

    #[test]
    fn a_flipped_bit_in_the_server_flight_never_completes_the_handshake(
        kind in kind(),
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let mut pair = pair(kind);
        common::transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        let mut flight = pair.server.pending_output().to_vec();
        let at = position.index(flight.len());
        // The minor byte of an unprotected record's version is ignored (RFC 8446 §5.1); a
        // protected record's header is authenticated.
        prop_assume!(!unprotected_minor_version_bytes(&flight).contains(&at));
        flight[at] ^= 1 << bit;
        match pair.client.receive(&flight) {
            // Every other byte is checked: a record header, a ServerHello field, or (through
            // the keys and the AEAD) everything protected.
            Err(error) => prop_assert!(error.alert().is_some(), "{:?}", error),
            // A longer record length leaves the client waiting for the rest.
            Ok(_) => prop_assert!(pair.client.is_handshaking()),
        }
    }
}
