//! Keying material exporters (RFC 5705, RFC 8446 §7.5) between our client and server, in
//! memory, in both versions: both ends export the same bytes; each label, context and length
//! gives its own; no context and an empty one are the same in TLS 1.3 and differ in TLS 1.2;
//! nothing before the handshake completes; reserved and out-of-bounds labels refused without
//! ending the connection. (That the bytes are the right ones is checked against OpenSSL in
//! `tls12_openssl.rs` and, from recorded secrets, in tls-keyschedule's `exporters.rs`.)

mod common;

use common::{CERTIFICATE_TYPES, GROUPS, Pair, configs, pki};
use tls::handshake::config::SupportedCipherSuite;
use tls::handshake::error::ExportError;
use tls::keyschedule::Error as KeyScheduleError;

const LABEL: &[u8] = b"EXPERIMENTAL-pair";

/// A pair over `suite` that completed its handshake.
fn connected(suite: SupportedCipherSuite) -> Pair {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let mut pair = Pair::new(configs(anchors, certified, suite, GROUPS[0]));
    pair.handshake(usize::MAX);
    pair
}

fn export(pair: &Pair, label: &[u8], context: Option<&[u8]>, len: usize) -> (Vec<u8>, Vec<u8>) {
    let mut client = vec![0; len];
    let mut server = vec![0; len];
    pair.client
        .export_keying_material(label, context, &mut client)
        .unwrap();
    pair.server
        .export_keying_material(label, context, &mut server)
        .unwrap();
    (client, server)
}

const SUITES: [SupportedCipherSuite; 2] = [
    SupportedCipherSuite::Tls13Aes256GcmSha384,
    SupportedCipherSuite::Tls12EcdheEcdsaAes256GcmSha384,
];

#[test]
fn both_ends_export_the_same_bytes_and_each_input_its_own() {
    for suite in SUITES {
        let pair = connected(suite);
        let (client, server) = export(&pair, LABEL, Some(b"context"), 48);
        assert_eq!(client, server, "{suite}");
        assert_ne!(client, vec![0; 48]);
        let others = [
            export(&pair, b"EXPERIMENTAL-other", Some(b"context"), 48).0,
            export(&pair, LABEL, Some(b"other"), 48).0,
        ];
        for other in others {
            assert_ne!(other, client, "{suite}");
        }
        // Another connection exports other bytes.
        let again = connected(suite);
        assert_ne!(export(&again, LABEL, Some(b"context"), 48).0, client);
    }
}

/// RFC 8446 §7.5: "no context" is the empty context in TLS 1.3; RFC 5705 §4 keeps them apart
/// in TLS 1.2.
#[test]
fn no_context_is_the_empty_context_in_tls13_only() {
    let tls13 = connected(SUITES[0]);
    assert_eq!(
        export(&tls13, LABEL, None, 32),
        export(&tls13, LABEL, Some(b""), 32)
    );
    let tls12 = connected(SUITES[1]);
    let (none, _) = export(&tls12, LABEL, None, 32);
    let (empty, _) = export(&tls12, LABEL, Some(b""), 32);
    assert_ne!(none, empty);
}

#[test]
fn nothing_is_exported_before_the_handshake_completes() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let pair = Pair::new(configs(anchors, certified, SUITES[0], GROUPS[0]));
    let mut out = [0; 16];
    for side in [&pair.client, &pair.server] {
        assert_eq!(
            side.export_keying_material(LABEL, None, &mut out),
            Err(ExportError::HandshakeIncomplete)
        );
    }
}

#[test]
fn refused_requests_leave_the_connection_working() {
    let mut pair = connected(SUITES[1]);
    let mut out = [0; 16];
    // RFC 5705 §6: the PRF's own labels are reserved.
    assert_eq!(
        pair.client
            .export_keying_material(b"master secret", None, &mut out),
        Err(ExportError::Refused(KeyScheduleError::ReservedLabel {
            label: "master secret"
        }))
    );
    // A TLS 1.3 label must fit HkdfLabel's label<7..255> with "tls13 " before it.
    let tls13 = connected(SUITES[0]);
    assert!(matches!(
        tls13
            .client
            .export_keying_material(&[b'x'; 250], None, &mut out),
        Err(ExportError::Refused(_))
    ));
    assert_eq!(pair.client.write(b"still here").unwrap(), 10);
    common::transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(common::read_all(&mut pair.server), b"still here");
}
