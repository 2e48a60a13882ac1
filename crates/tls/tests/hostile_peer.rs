//! A hostile peer in memory: garbage, an SSLv2 hello, an oversized record, a bad MAC, records
//! out of place. Each closes the connection with its alert, sent once, and nothing panics.

mod common;

use common::{Pair, pattern, read_all, transfer};
use tls::handshake::error::PeerMisbehaved;
use tls::wire::ids::AlertDescription;
use tls::{Connection, Error};

/// The description of the one unprotected fatal alert record `conn` has queued.
fn plaintext_alert(conn: &Connection) -> AlertDescription {
    let out = conn.pending_output();
    assert_eq!(out.len(), 7, "one alert record: {out:?}");
    assert_eq!(&out[..6], &[21, 3, 3, 0, 2, 2], "a fatal alert record");
    AlertDescription::from(out[6])
}

/// Feeds `bytes` to a fresh server; returns the error and the alert it queued.
fn fresh_server_rejects(bytes: &[u8]) -> (Error, AlertDescription) {
    let mut server = Pair::default_pair().server;
    let error = server.receive(bytes).unwrap_err();
    let alert = plaintext_alert(&server);
    assert_eq!(error.alert(), Some(alert));
    // The error sticks, and its alert is not sent twice.
    assert_eq!(server.receive(b"\x16\x03\x03"), Err(error.clone()));
    assert_eq!(server.write(b"x"), Err(error.clone()));
    assert_eq!(server.pending_output().len(), 7);
    (error, alert)
}

#[test]
fn garbage_is_refused_with_unexpected_message() {
    let (_, alert) = fresh_server_rejects(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

#[test]
fn a_record_that_is_not_tls_is_refused_with_decode_error() {
    let (_, alert) = fresh_server_rejects(&[22, 0xfe, 0xfd, 0, 1, 0]);
    assert_eq!(alert, AlertDescription::DECODE_ERROR);
}

#[test]
fn an_sslv2_hello_is_refused_at_its_first_byte() {
    // SSLv2 CLIENT-HELLO (RFC 6101 Appendix E.2): a 2-byte header with the high bit set.
    let mut hello = vec![
        0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10,
    ];
    hello.extend_from_slice(&[0; 0x15 + 0x10]);
    let (_, alert) = fresh_server_rejects(&hello);
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

#[test]
fn an_oversized_plaintext_record_is_refused_with_record_overflow() {
    // 2^14 + 1 bytes of handshake: refused as soon as the header is in.
    let (_, alert) = fresh_server_rejects(&[22, 3, 3, 0x40, 0x01]);
    assert_eq!(alert, AlertDescription::RECORD_OVERFLOW);
}

#[test]
fn an_oversized_protected_record_is_refused_with_record_overflow() {
    let mut pair = Pair::connected();
    // 2^14 + 257 bytes of ciphertext.
    let error = pair.client.receive(&[23, 3, 3, 0x41, 0x01]).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::RECORD_OVERFLOW));
    assert_eq!(
        transfer(&mut pair.client, &mut pair.server, usize::MAX),
        Err(Error::AlertReceived(AlertDescription::RECORD_OVERFLOW))
    );
}

#[test]
fn a_bad_mac_is_refused_with_bad_record_mac_and_the_peer_learns_it() {
    let mut pair = Pair::connected();
    pair.client.write(b"hello").unwrap();
    let mut record = pair.client.pending_output().to_vec();
    pair.client.consume_output(record.len());
    let last = record.len() - 1;
    record[last] ^= 1;
    let error = pair.server.receive(&record).unwrap_err();
    assert!(matches!(error, Error::Record(_)), "{error:?}");
    assert_eq!(error.alert(), Some(AlertDescription::BAD_RECORD_MAC));
    assert_eq!(
        transfer(&mut pair.server, &mut pair.client, usize::MAX),
        Err(Error::AlertReceived(AlertDescription::BAD_RECORD_MAC))
    );
    assert_eq!(
        pair.client.read(&mut [0; 8]),
        Err(Error::AlertReceived(AlertDescription::BAD_RECORD_MAC))
    );
}

#[test]
fn an_unprotected_handshake_record_after_the_key_change_is_refused() {
    let mut pair = Pair::connected();
    let error = pair
        .client
        .receive(&[22, 3, 3, 0, 4, 4, 0, 0, 0])
        .unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    assert_eq!(
        transfer(&mut pair.client, &mut pair.server, usize::MAX),
        Err(Error::AlertReceived(AlertDescription::UNEXPECTED_MESSAGE))
    );
}

#[test]
fn unprotected_application_data_before_the_handshake_is_refused() {
    let (error, alert) = fresh_server_rejects(&[23, 3, 3, 0, 3, 1, 2, 3]);
    assert_eq!(error, Error::ApplicationDataBeforeHandshakeComplete);
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

#[test]
fn a_change_cipher_spec_before_the_client_hello_is_refused() {
    let (error, alert) = fresh_server_rejects(&[20, 3, 3, 0, 1, 1]);
    assert_eq!(
        error,
        Error::Handshake(PeerMisbehaved::UnexpectedChangeCipherSpec.into())
    );
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

#[test]
fn a_change_cipher_spec_after_the_handshake_is_refused() {
    let mut pair = Pair::connected();
    let error = pair.server.receive(&[20, 3, 3, 0, 1, 1]).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn more_change_cipher_specs_in_the_handshake_than_the_limit_are_refused() {
    let mut pair = Pair::default_pair();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    for _ in 0..tls::handshake::MAX_DROPPED_CHANGE_CIPHER_SPECS {
        pair.client.receive(&[20, 3, 3, 0, 1, 1]).unwrap();
    }
    let error = pair.client.receive(&[20, 3, 3, 0, 1, 1]).unwrap_err();
    assert_eq!(
        error,
        Error::Handshake(PeerMisbehaved::UnexpectedChangeCipherSpec.into())
    );
}

#[test]
fn plaintext_received_before_an_error_stays_readable() {
    let mut pair = Pair::connected();
    let data = pattern(20_000, 9);
    pair.server.write(&data).unwrap();
    let mut bytes = pair.server.pending_output().to_vec();
    pair.server.consume_output(bytes.len());
    // The good records, then a bad one, in one receive.
    bytes.extend_from_slice(&[23, 3, 3, 0, 20]);
    bytes.extend_from_slice(&[0; 20]);
    let error = pair.client.receive(&bytes).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::BAD_RECORD_MAC));
    let mut got = Vec::new();
    let mut buf = [0; 4096];
    loop {
        match pair.client.read(&mut buf) {
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(read_error) => {
                assert_eq!(read_error, error);
                break;
            }
        }
    }
    assert_eq!(got, data);
}

#[test]
fn a_fatal_error_on_one_side_reaches_the_other_as_its_alert() {
    // A client that trusts another root refuses the server's certificate.
    let (other_anchors, _) = common::pki(&common::CERTIFICATE_TYPES[0]);
    let (anchors, certified) = common::pki(&common::CERTIFICATE_TYPES[0]);
    let (_, server_config) = common::configs(
        anchors,
        certified.clone(),
        common::SUITES[0],
        common::GROUPS[0],
    );
    let (client_config, _) = common::configs(
        other_anchors,
        certified,
        common::SUITES[0],
        common::GROUPS[0],
    );
    let mut pair = Pair::new((client_config, server_config));
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    let error = transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap_err();
    let alert = error.alert().expect("a certificate error sends an alert");
    assert!(
        matches!(
            alert,
            AlertDescription::BAD_CERTIFICATE | AlertDescription::UNKNOWN_CA
        ),
        "{error}"
    );
    assert!(!pair.client.is_handshaking());
    assert_eq!(
        transfer(&mut pair.client, &mut pair.server, usize::MAX),
        Err(Error::AlertReceived(alert))
    );
    assert!(pair.server.negotiated().is_none());
}

#[test]
fn a_server_failure_before_keys_reaches_the_client_unprotected() {
    let (client_config, server_config) = {
        let (anchors, certified) = common::pki(&common::CERTIFICATE_TYPES[0]);
        common::configs(anchors, certified, common::SUITES[0], common::GROUPS[0])
    };
    let client_config = client_config.alpn_protocols(&["h3"]);
    let mut pair = Pair::new((client_config, server_config));
    let error = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert_eq!(
        error.alert(),
        Some(AlertDescription::NO_APPLICATION_PROTOCOL)
    );
    assert_eq!(
        plaintext_alert(&pair.server),
        AlertDescription::NO_APPLICATION_PROTOCOL
    );
    assert_eq!(
        transfer(&mut pair.server, &mut pair.client, usize::MAX),
        Err(Error::AlertReceived(
            AlertDescription::NO_APPLICATION_PROTOCOL
        ))
    );
}

#[test]
fn close_notify_during_the_handshake_is_an_error() {
    let mut pair = Pair::default_pair();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    let error = pair.client.receive(&[21, 3, 3, 0, 2, 1, 0]).unwrap_err();
    assert_eq!(error, Error::AlertReceived(AlertDescription::CLOSE_NOTIFY));
    assert!(
        pair.client.pending_output().is_empty(),
        "no alert answers an alert"
    );
    assert!(read_all_is_error(&mut pair.client));
}

fn read_all_is_error(conn: &mut Connection) -> bool {
    conn.read(&mut [0; 8]).is_err_and(|error| error.is_fatal())
}

#[test]
fn a_user_canceled_warning_during_the_handshake_is_ignored() {
    let mut pair = Pair::default_pair();
    pair.client.receive(&[21, 3, 3, 0, 2, 1, 90]).unwrap();
    pair.handshake(usize::MAX);
    assert!(pair.client.negotiated().is_some());
    assert_eq!(read_all(&mut pair.client), b"");
}

#[test]
fn a_handshake_message_spanning_the_key_change_is_refused() {
    let mut pair = Pair::default_pair();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    let flight = pair.server.pending_output().to_vec();
    // The ServerHello record, one byte of a next message appended inside it.
    let len = usize::from(u16::from_be_bytes([flight[3], flight[4]]));
    let mut record = flight[..5 + len].to_vec();
    record.push(8);
    record[3..5].copy_from_slice(&u16::try_from(len + 1).unwrap().to_be_bytes());
    let error = pair.client.receive(&record).unwrap_err();
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}
